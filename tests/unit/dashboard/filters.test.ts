import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filterToParams,
  FLOW_SORTS,
  flowMatcher,
  nextSort,
  parseFilter,
  timeWindow,
  type FlowFilter,
} from '../../../utils/dashboard/filters';
import { CATEGORIES } from '../../../utils/categories';
import { ga4Flow, metaPurchaseFlow, T0 } from '../ledger/sample-rows';

describe('flow filters in the URL', () => {
  it('reads every filter and writes it back the same', () => {
    const params = new URLSearchParams(
      'from=2026-11-01&to=2026-11-30&shop=Demo-Store.test&recipient=facebook.com&org=Meta&kind=advertising&category=contact&action=blocked&q=ud%5Bem%5D&sort=oldest',
    );
    const { filter, problems } = parseFilter(params);
    expect(problems).toEqual([]);
    expect(filter).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      shop: 'demo-store.test',
      recipient: 'facebook.com',
      organization: 'Meta',
      kind: 'advertising',
      category: 'contact',
      action: 'blocked',
      text: 'ud[em]',
      sort: 'oldest',
    });
    expect(parseFilter(filterToParams(filter)).filter).toEqual(filter);
  });

  it('drops bad values with a reason and keeps the rest', () => {
    const { filter, problems } = parseFilter(
      new URLSearchParams('from=yesterday&category=souls&action=maybe&kind=spy&sort=random&shop=a.test'),
    );
    expect(filter).toEqual({ shop: 'a.test', sort: 'newest' });
    expect(problems).toHaveLength(5);
    expect(problems.join(' ')).toMatch(/from date "yesterday"/);
    expect(parseFilter(new URLSearchParams('from=2026-12-02&to=2026-12-01')).problems).toEqual([
      'the "from" date is after the "to" date',
    ]);
  });

  it('round-trips any filter through the URL', () => {
    const filterArb = fc.record(
      {
        from: fc.constantFrom('2026-01-01', '2026-11-02'),
        shop: fc.domain().map((d) => d.toLowerCase()),
        organization: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== ''),
        category: fc.constantFrom(...CATEGORIES),
        action: fc.constantFrom('allowed', 'blocked', 'modified'),
        text: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s !== ''),
        sort: fc.constantFrom(...FLOW_SORTS),
      },
      { requiredKeys: ['sort'] },
    );
    fc.assert(
      fc.property(filterArb, (filter) => {
        const url = `dashboard.html?view=flows&${filterToParams(filter as FlowFilter).toString()}`;
        expect(parseFilter(new URL(url, 'chrome-extension://x/').searchParams).filter).toEqual(filter);
      }),
    );
  });
});

describe('sorting by column', () => {
  it('a header click sorts by its column, newest first for time and A first for names; a second click reverses', () => {
    expect(nextSort('newest', 'time')).toBe('oldest');
    expect(nextSort('oldest', 'time')).toBe('newest');
    expect(nextSort('newest', 'shop')).toBe('shop');
    expect(nextSort('shop', 'shop')).toBe('shop-desc');
    expect(nextSort('shop-desc', 'recipient')).toBe('recipient');
    expect(nextSort('recipient', 'recipient')).toBe('recipient-desc');
    expect(nextSort('recipient-desc', 'category')).toBe('category');
    expect(nextSort('category', 'category')).toBe('category-desc');
    expect(nextSort('category-desc', 'time')).toBe('newest');
  });

  it('reads each sort from the URL, and leaves the default out', () => {
    expect(parseFilter(new URLSearchParams('sort=recipient-desc')).filter).toEqual({ sort: 'recipient-desc' });
    expect(filterToParams({ sort: 'category' }).toString()).toBe('sort=category');
    expect(filterToParams({ sort: 'newest' }).toString()).toBe('');
  });
});

describe('flowMatcher', () => {
  const ga4 = ga4Flow({ ts: T0 });
  const meta = metaPurchaseFlow({ ts: T0 + 86_400_000, action: 'blocked' });
  const match = (filter: Partial<FlowFilter>) =>
    [ga4, meta].filter(flowMatcher({ sort: 'newest', ...filter })).map((f) => f.recipientSite);

  it('narrows by each field', () => {
    expect(match({})).toEqual(['google-analytics.com', 'facebook.com']);
    expect(match({ category: 'contact' })).toEqual(['facebook.com']);
    expect(match({ action: 'allowed' })).toEqual(['google-analytics.com']);
    expect(match({ organization: 'meta' })).toEqual(['facebook.com']);
    expect(match({ kind: 'analytics' })).toEqual(['google-analytics.com']);
    expect(match({ recipient: 'facebook.com' })).toEqual(['facebook.com']);
    expect(match({ shop: 'other.test' })).toEqual([]);
    expect(match({ text: 'UD[EM]' })).toEqual(['facebook.com']);
    expect(match({ text: '1234…5678' })).toEqual(['google-analytics.com']);
  });

  it('takes whole UTC days for the date range, the "to" day included', () => {
    const day = new Date(T0).toISOString().slice(0, 10);
    expect(match({ from: day, to: day })).toEqual(['google-analytics.com']);
    const { start, end } = timeWindow({ from: day, to: day });
    expect(end - start).toBe(86_400_000);
    expect(match({ from: new Date(T0 + 86_400_000).toISOString().slice(0, 10) })).toEqual(['facebook.com']);
  });
});
