import { describe, expect, it } from 'vitest';
import { PageReportBudget } from '../../../utils/worker/page-report-budget';

describe('page-reported rows are bounded', () => {
  it('per page address and per shop, each minute', () => {
    let now = 0;
    const budget = new PageReportBudget({ perPage: 3, perSite: 5, windowMs: 60_000 }, () => now);
    const taken = (site: string, page: string, n: number) =>
      Array.from({ length: n }, () => budget.take(site, page)).filter(Boolean).length;
    expect(taken('shop.test', 'https://shop.test/a', 10)).toBe(3);
    expect(taken('shop.test', 'https://shop.test/b', 10)).toBe(2); // the shop's budget is spent
    expect(taken('other.test', 'https://other.test/', 10)).toBe(3);
    now += 59_999;
    expect(taken('shop.test', 'https://shop.test/c', 1)).toBe(0);
    now += 1;
    expect(taken('shop.test', 'https://shop.test/a', 10)).toBe(3);
  });
});
