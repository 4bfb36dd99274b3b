import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../utils/consent/compile';
import { diffRules } from '../../../utils/consent/rule-diff';
import type { DnrRule } from '../../../utils/consent/dnr';
import { applyPreset, setCategory } from '../../../utils/consent/changes';
import { DEFAULT_POLICY } from '../../../utils/consent/model';
import { RECIPIENTS } from './fixtures';

const A = 'shop-a.example';
const B = 'shop-b.example';

/** What Chrome's getDynamicRules might hand back: same rules, keys in another order, default priority left out. */
function asInstalled(rules: DnrRule[]): DnrRule[] {
  return rules.map((r) =>
    JSON.parse(JSON.stringify({ condition: r.condition, action: r.action, id: r.id, priority: r.priority })),
  );
}

describe('diffRules', () => {
  const twoShops = applyPreset(applyPreset(DEFAULT_POLICY, 'revoke-all', A), 'only-needed', B);
  const compiled = compileRules(twoShops, RECIPIENTS).rules;

  it('adds everything on first install', () => {
    expect(diffRules([], compiled)).toEqual({ removeRuleIds: [], addRules: compiled });
  });

  it('changes nothing when the installed rules are the same (key order does not matter)', () => {
    expect(diffRules(asInstalled(compiled), compiled)).toEqual({ removeRuleIds: [], addRules: [] });
  });

  it("treats a missing priority as Chrome's default of 1", () => {
    const rule: DnrRule = {
      id: 5000,
      priority: 1,
      action: { type: 'block' },
      condition: { requestDomains: ['x.example'] },
    };
    const installed = { ...rule } as Partial<DnrRule>;
    delete installed.priority;
    expect(diffRules([installed as DnrRule], [rule])).toEqual({ removeRuleIds: [], addRules: [] });
  });

  it("touches only the changed retailer's rules", () => {
    const changed = compileRules(setCategory(twoShops, B, 'location', 'revoked'), RECIPIENTS).rules;
    const diff = diffRules(asInstalled(compiled), changed);
    expect(diff.addRules.length).toBeGreaterThan(0);
    for (const r of diff.addRules) expect(JSON.stringify(r.condition)).toContain(B);
    for (const r of diff.addRules) expect(JSON.stringify(r.condition)).not.toContain(A);
    // rules changed in place keep their id: removed and re-added under it
    const readded = diff.addRules.filter((r) => diff.removeRuleIds.includes(r.id));
    expect(readded.length).toBeGreaterThan(0);
  });

  it("removes all of a retailer's rules when its revocations are granted again", () => {
    const after = compileRules(applyPreset(twoShops, 'allow-all', A), RECIPIENTS).rules;
    const diff = diffRules(asInstalled(compiled), after);
    expect(diff.addRules).toEqual([]);
    const removed = new Set(diff.removeRuleIds);
    const aRules = compiled.filter((r) => JSON.stringify(r.condition).includes(A));
    expect(aRules.length).toBeGreaterThan(5);
    expect(aRules.every((r) => removed.has(r.id))).toBe(true);
    expect(diff.removeRuleIds.length).toBe(aRules.length);
  });

  it('removes everything when paused, and restores the same ids when resumed', () => {
    const paused = compileRules({ ...twoShops, paused: true }, RECIPIENTS).rules;
    const off = diffRules(asInstalled(compiled), paused);
    expect(off.removeRuleIds).toEqual(compiled.map((r) => r.id).sort((a, b) => a - b));
    const on = diffRules([], compileRules(twoShops, RECIPIENTS).rules);
    expect(on.addRules).toEqual(compiled);
  });

  it('leaves rules below minRuleId (other features) alone', () => {
    const foreign: DnrRule = {
      id: 7,
      priority: 1,
      action: { type: 'block' },
      condition: { urlFilter: '||audit.example', isUrlFilterCaseSensitive: false },
    };
    const diff = diffRules([foreign, ...asInstalled(compiled)], []);
    expect(diff.removeRuleIds).not.toContain(7);
    expect(diff.removeRuleIds).toHaveLength(compiled.length);
  });

  it('returns removals sorted, ready for updateDynamicRules', () => {
    const diff = diffRules(asInstalled(compiled), []);
    expect(diff.removeRuleIds).toEqual([...diff.removeRuleIds].sort((a, b) => a - b));
  });
});
