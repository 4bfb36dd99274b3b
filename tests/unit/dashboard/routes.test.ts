import { describe, expect, it } from 'vitest';
import { dashboardHref, parseRoute } from '../../../utils/dashboard/routes';

describe('dashboard routes', () => {
  it('maps each address to its view', () => {
    expect(parseRoute('')).toEqual({ view: 'overview' });
    expect(parseRoute('?site=Demo-Store.test')).toEqual({ view: 'shop', site: 'demo-store.test' });
    expect(parseRoute('?recipient=facebook.com')).toEqual({ view: 'recipient', recipient: 'facebook.com' });
    expect(parseRoute('?view=flows&shop=a.test&category=contact')).toEqual({
      view: 'flows',
      filter: { shop: 'a.test', category: 'contact', sort: 'newest' },
      problems: [],
    });
  });

  it('links back to the same views', () => {
    for (const to of [{ site: 'demo-store.test' }, { recipient: 'facebook.com' }]) {
      const route = parseRoute(new URL(dashboardHref(to), 'chrome-extension://x/').search);
      expect(route).toMatchObject('site' in to ? { view: 'shop', ...to } : { view: 'recipient', ...to });
    }
    expect(dashboardHref({ flows: { recipient: 'facebook.com', action: 'blocked' } })).toBe(
      'dashboard.html?view=flows&recipient=facebook.com&action=blocked',
    );
    expect(dashboardHref({ flows: {} })).toBe('dashboard.html?view=flows');
    expect(dashboardHref({})).toBe('dashboard.html');
  });
});
