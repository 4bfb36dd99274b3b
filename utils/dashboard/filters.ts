/**
 * The flow table's filters: parsed from and written to the page's URL (so a view can be bookmarked),
 * and applied to flows as one predicate. Pure: no browser APIs.
 */
import { isCategory, type Category } from '../categories';
import { TRACKER_KINDS, type Flow, type FlowAction, type TrackerKind } from '../model';

export const FLOW_ACTIONS: readonly FlowAction[] = ['allowed', 'blocked', 'modified'];
/** The flow table's sortable columns (each has an index: utils/dashboard/flow-query.ts). */
export const SORT_COLUMNS = ['time', 'shop', 'recipient', 'category'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/**
 * Each order the table can show, by its URL value (`newest` and `oldest` are the first release's).
 * Ties are broken by time in the same direction; `category` orders by the flow's category list
 * (ids, as stored), which lists each flow once.
 */
export const FLOW_SORT_ORDERS = {
  newest: { column: 'time', descending: true },
  oldest: { column: 'time', descending: false },
  shop: { column: 'shop', descending: false },
  'shop-desc': { column: 'shop', descending: true },
  recipient: { column: 'recipient', descending: false },
  'recipient-desc': { column: 'recipient', descending: true },
  category: { column: 'category', descending: false },
  'category-desc': { column: 'category', descending: true },
} as const satisfies Record<string, { column: SortColumn; descending: boolean }>;
export type FlowSort = keyof typeof FLOW_SORT_ORDERS;
export const FLOW_SORTS = Object.keys(FLOW_SORT_ORDERS) as FlowSort[];

/** The sort a click on a column header asks for: the other direction if it is the current column. */
export function nextSort(current: FlowSort, column: SortColumn): FlowSort {
  const now = FLOW_SORT_ORDERS[current];
  // Time starts newest first (what was last shared); names start at A.
  const descending = now.column === column ? !now.descending : column === 'time';
  return FLOW_SORTS.find(
    (s) => FLOW_SORT_ORDERS[s].column === column && FLOW_SORT_ORDERS[s].descending === descending,
  )!;
}

export interface FlowFilter {
  /** First and last UTC day included, as YYYY-MM-DD. */
  from?: string;
  to?: string;
  shop?: string;
  recipient?: string;
  organization?: string;
  kind?: TrackerKind;
  category?: Category;
  action?: FlowAction;
  /** Free text, matched case-insensitively against addresses, recipient, organization and evidence. */
  text?: string;
  sort: FlowSort;
}

/** URL parameter of each filter field: the bookmarkable contract of dashboard.html?view=flows. */
export const FILTER_PARAMS = {
  from: 'from',
  to: 'to',
  shop: 'shop',
  recipient: 'recipient',
  organization: 'org',
  kind: 'kind',
  category: 'category',
  action: 'action',
  text: 'q',
  sort: 'sort',
} as const satisfies Record<keyof FlowFilter, string>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 200;

export interface ParsedFilter {
  filter: FlowFilter;
  /** What was ignored in the URL and why, to say so on the page. */
  problems: string[];
}

/** Reads the filters from URL parameters; a bad value is dropped with a reason, never thrown. */
export function parseFilter(params: URLSearchParams): ParsedFilter {
  const problems: string[] = [];
  const filter: FlowFilter = { sort: 'newest' };
  const text = (name: string) => params.get(name)?.trim() || undefined;
  for (const field of ['from', 'to'] as const) {
    const value = text(FILTER_PARAMS[field]);
    if (value === undefined) continue;
    if (DAY.test(value) && Number.isFinite(Date.parse(`${value}T00:00:00Z`))) filter[field] = value;
    else problems.push(`${field} date "${value}" is not YYYY-MM-DD`);
  }
  filter.shop = text(FILTER_PARAMS.shop)?.toLowerCase();
  filter.recipient = text(FILTER_PARAMS.recipient)?.toLowerCase();
  filter.organization = text(FILTER_PARAMS.organization);
  const kind = text(FILTER_PARAMS.kind);
  if (kind !== undefined) {
    if ((TRACKER_KINDS as readonly string[]).includes(kind)) filter.kind = kind as TrackerKind;
    else problems.push(`unknown kind "${kind}"`);
  }
  const category = text(FILTER_PARAMS.category);
  if (category !== undefined) {
    if (isCategory(category)) filter.category = category;
    else problems.push(`unknown category "${category}"`);
  }
  const action = text(FILTER_PARAMS.action);
  if (action !== undefined) {
    if ((FLOW_ACTIONS as readonly string[]).includes(action)) filter.action = action as FlowAction;
    else problems.push(`unknown action "${action}"`);
  }
  const q = text(FILTER_PARAMS.text);
  if (q !== undefined) filter.text = q.slice(0, MAX_TEXT);
  const sort = text(FILTER_PARAMS.sort);
  if (sort !== undefined) {
    if ((FLOW_SORTS as readonly string[]).includes(sort)) filter.sort = sort as FlowSort;
    else problems.push(`unknown sort "${sort}"`);
  }
  if (filter.from && filter.to && filter.from > filter.to) problems.push('the "from" date is after the "to" date');
  for (const key of Object.keys(filter) as (keyof FlowFilter)[]) if (filter[key] === undefined) delete filter[key];
  return { filter, problems };
}

/** Writes the filters as URL parameters (defaults left out), in a fixed order. */
export function filterToParams(filter: FlowFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of Object.keys(FILTER_PARAMS) as (keyof FlowFilter)[]) {
    const value = filter[field];
    if (value === undefined || value === '' || (field === 'sort' && value === 'newest')) continue;
    params.set(FILTER_PARAMS[field], String(value));
  }
  return params;
}

/** The filter's time window in milliseconds, [start, end) (UTC days, `to` included). */
export function timeWindow(filter: Pick<FlowFilter, 'from' | 'to'>): { start: number; end: number } {
  const start = filter.from ? Date.parse(`${filter.from}T00:00:00Z`) : -Infinity;
  const end = filter.to ? Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000 : Infinity;
  return { start, end };
}

/** One predicate for every filter; the query narrows by index first, this checks the rest. */
export function flowMatcher(filter: FlowFilter): (flow: Flow) => boolean {
  const { start, end } = timeWindow(filter);
  const organization = filter.organization?.toLowerCase();
  const needle = filter.text?.toLowerCase();
  return (flow) =>
    flow.ts >= start &&
    flow.ts < end &&
    (filter.shop === undefined || flow.site === filter.shop) &&
    (filter.recipient === undefined || flow.recipientSite === filter.recipient) &&
    (organization === undefined || flow.organization.toLowerCase() === organization) &&
    (filter.kind === undefined || flow.kind === filter.kind) &&
    (filter.category === undefined || flow.categories.includes(filter.category)) &&
    (filter.action === undefined || flow.action === filter.action) &&
    (needle === undefined || searchText(flow).includes(needle));
}

function searchText(flow: Flow): string {
  let text = `${flow.url} ${flow.pageUrl} ${flow.recipient} ${flow.organization} ${flow.vendor ?? ''}`;
  for (const e of flow.evidence) text += ` ${e.key} ${e.sample}`;
  return text.toLowerCase();
}
