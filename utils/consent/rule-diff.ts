/** The smallest updateDynamicRules call from the installed rules to the compiled ones. */
import type { DnrRule } from './dnr';
import { DEFAULT_MIN_RULE_ID } from './rule-ids';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What to pass to updateDynamicRules to go from the installed rules to the compiled ones. A rule whose
 * content changed is removed and added under the same id (Chrome applies removals first). Installed
 * rules with ids outside ours (below minRuleId) are left alone.
 */
export function diffRules(
  oldRules: readonly DnrRule[],
  newRules: readonly DnrRule[],
  opts: { minRuleId?: number } = {},
): { removeRuleIds: number[]; addRules: DnrRule[] } {
  const minId = opts.minRuleId ?? DEFAULT_MIN_RULE_ID;
  const oldById = new Map<number, string>();
  for (const r of oldRules) if (r.id >= minId) oldById.set(r.id, canonical({ ...r, priority: r.priority ?? 1 }));
  const removeRuleIds: number[] = [];
  const addRules: DnrRule[] = [];
  const wanted = new Set<number>();
  for (const r of newRules) {
    wanted.add(r.id);
    const old = oldById.get(r.id);
    if (old === canonical(r)) continue;
    if (old !== undefined) removeRuleIds.push(r.id);
    addRules.push(r);
  }
  for (const id of oldById.keys()) if (!wanted.has(id)) removeRuleIds.push(id);
  removeRuleIds.sort((a, b) => a - b);
  return { removeRuleIds, addRules };
}
