/**
 * Rule ids: a hash of what a rule is for (scope, retailer, action), so ids are stable across compiles
 * and diffRules sends Chrome only what changed.
 */

/** Lowest rule id the compiler uses; ids below are left to other features. */
export const DEFAULT_MIN_RULE_ID = 1000;
const MAX_RULE_ID = 2 ** 31 - 1;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class IdAllocator {
  private used = new Set<number>();
  constructor(private min: number) {}
  /** Same key, same id (unless an earlier key of this compile hashed to it: then the next probe). */
  id(key: string): number {
    const span = MAX_RULE_ID - this.min;
    for (let n = 0; ; n++) {
      const id = this.min + (fnv1a(n === 0 ? key : `${key}#${n}`) % span);
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
