/**
 * The dashboard's views and their addresses: dashboard.html (overview), ?site=DOMAIN (a shop),
 * ?recipient=SITE (a recipient), ?view=flows&… (the flow table with its filters). Pure.
 */
import { filterToParams, parseFilter, type FlowFilter, type ParsedFilter } from './filters';

export type DashboardRoute =
  | { view: 'overview' }
  | { view: 'shop'; site: string }
  | { view: 'recipient'; recipient: string }
  | ({ view: 'flows' } & ParsedFilter);

export function parseRoute(search: string): DashboardRoute {
  const params = new URLSearchParams(search);
  if (params.get('view') === 'flows') return { view: 'flows', ...parseFilter(params) };
  const site = params.get('site')?.trim().toLowerCase();
  if (site) return { view: 'shop', site };
  const recipient = params.get('recipient')?.trim().toLowerCase();
  if (recipient) return { view: 'recipient', recipient };
  return { view: 'overview' };
}

/** A link to a view, relative to dashboard.html. */
export function dashboardHref(
  to: { site: string } | { recipient: string } | { flows: Partial<FlowFilter> } | object,
): string {
  if ('site' in to) return `dashboard.html?site=${encodeURIComponent(to.site)}`;
  if ('recipient' in to) return `dashboard.html?recipient=${encodeURIComponent(to.recipient)}`;
  if ('flows' in to) {
    const query = filterToParams({ sort: 'newest', ...to.flows }).toString();
    return `dashboard.html?view=flows${query ? `&${query}` : ''}`;
  }
  return 'dashboard.html';
}
