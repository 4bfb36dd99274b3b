/** Plain-text summaries of a ledger for the terminal (npm start, audit). */
import { CATEGORIES, type Category } from '../utils/categories';
import type { Flow } from '../utils/model';
import { isDomSeen } from '../utils/ledger/aggregates';

export interface RecipientRow {
  organization: string;
  recipientSite: string;
  kind: string;
  categories: Category[];
  requests: number;
  /** Of those, how many enforcement blocked before they left the browser. */
  blocked: number;
  /** How contact data travelled, from the evidence (e.g. "sha256 hash via ud[em]"). */
  contactForms: string[];
}

export function recipientRows(flows: Flow[], site: string): RecipientRow[] {
  const rows = new Map<string, RecipientRow & { set: Set<Category>; forms: Set<string> }>();
  for (const flow of flows) {
    if (flow.site !== site || !flow.thirdParty || isDomSeen(flow)) continue;
    let row = rows.get(flow.recipientSite);
    if (!row) {
      row = {
        organization: flow.organization,
        recipientSite: flow.recipientSite,
        kind: flow.kind,
        categories: [],
        requests: 0,
        blocked: 0,
        contactForms: [],
        set: new Set(),
        forms: new Set(),
      };
      rows.set(flow.recipientSite, row);
    }
    row.requests++;
    if (flow.action === 'blocked') row.blocked++;
    for (const c of flow.categories) row.set.add(c);
    for (const e of flow.evidence) if (e.category === 'contact') row.forms.add(`${e.sample} via ${e.key}`);
  }
  return [...rows.values()]
    .map(({ set, forms, ...row }) => ({
      ...row,
      categories: CATEGORIES.filter((c) => set.has(c)),
      contactForms: [...forms].slice(0, 3),
    }))
    .sort((a, b) => b.requests - a.requests || a.recipientSite.localeCompare(b.recipientSite));
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatRecipientTable(rows: RecipientRow[]): string {
  return formatTable(
    ['Recipient', 'Site', 'Kind', 'Requests', 'Blocked', 'Data received'],
    rows.map((r) => [
      r.organization,
      r.recipientSite,
      r.kind,
      String(r.requests),
      String(r.blocked),
      r.categories
        .map((c) => (c === 'contact' && r.contactForms.length ? `contact (${r.contactForms.join('; ')})` : c))
        .join(', '),
    ]),
  );
}
