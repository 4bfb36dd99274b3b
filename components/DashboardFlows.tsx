import { useEffect, useRef, useState } from 'preact/hooks';
import { CATEGORIES, CATEGORY_INFO } from '../utils/categories';
import { TRACKER_KINDS, type Flow } from '../utils/model';
import type { LedgerDb } from '../utils/ledger/db';
import { FLOW_ACTIONS, FLOW_SORTS, type FlowFilter } from '../utils/dashboard/filters';
import { countMatchingFlows, queryFlowPage, type FlowCursor } from '../utils/dashboard/flow-query';
import { dashboardHref } from '../utils/dashboard/routes';
import { isAbort, Progress } from './DashboardProgress';

export const FLOW_PAGE_SIZE = 50;
/** Why a page query is aborted when the filter changes or the table goes away: not the shopper's Cancel. */
const UNMOUNTED = 'superseded';

const T = {
  filters: 'Filter flows',
  from: 'From',
  to: 'To',
  shop: 'Shop',
  recipient: 'Recipient site',
  org: 'Organization',
  kind: 'Kind',
  category: 'Category',
  action: 'Action',
  text: 'Search text',
  sort: 'Order',
  any: 'Any',
  sorts: { newest: 'Newest first', oldest: 'Oldest first' } as Record<string, string>,
  clear: 'Clear filters',
  table: 'Flows',
  time: 'Time',
  data: 'Data',
  evidence: 'Evidence',
  evidenceCount: (n: number) => `${n} item${n === 1 ? '' : 's'}`,
  scanning: (n: number) => `Filtering… ${n.toLocaleString()} flows read`,
  none: 'No flow matches these filters.',
  rows: (from: number, to: number) => `Flows ${from.toLocaleString()}–${to.toLocaleString()}`,
  previous: 'Previous page',
  next: 'Next page',
  count: 'Count matches',
  counting: (n: number) => `Counting… ${n.toLocaleString()} flows read`,
  counted: (n: number) => `${n.toLocaleString()} flows match.`,
  stopped: 'Stopped.',
  filterStopped: (n: number) => `Stopped after ${n.toLocaleString()} flows read; change a filter to search again.`,
  problems: 'Ignored in the address: ',
};

interface Props {
  ledger: LedgerDb;
  filter: FlowFilter;
  /** Filter fields fixed by the view (a shop's or recipient's page): not shown as inputs. */
  fixed?: (keyof FlowFilter)[];
  /** Whether filter changes are written to the address bar (the flow table page). */
  syncUrl?: boolean;
  problems?: string[];
}

/** The flow table: filters, keyset pages of 50, evidence per flow, a cancellable count. */
export function DashboardFlows({ ledger, filter: initial, fixed = [], syncUrl = false, problems = [] }: Props) {
  const [filter, setFilter] = useState<FlowFilter>(initial);
  const [cursors, setCursors] = useState<(FlowCursor | undefined)[]>([undefined]);
  const [pageIndex, setPageIndex] = useState(0);
  const [rows, setRows] = useState<Flow[]>();
  const [scanning, setScanning] = useState<{ scanned: number; controller: AbortController } | null>(null);
  const [error, setError] = useState('');
  /** Flows read before the shopper pressed Cancel, to say how far the filter got. */
  const [stoppedAt, setStoppedAt] = useState<number>();
  const key = JSON.stringify(filter);

  const update = (change: Partial<FlowFilter>) => {
    const next = { ...filter, ...change };
    for (const k of Object.keys(next) as (keyof FlowFilter)[])
      if (next[k] === '' || next[k] === undefined) delete next[k];
    setFilter(next);
    setCursors([undefined]);
    setPageIndex(0);
    if (syncUrl) history.replaceState(null, '', dashboardHref({ flows: next }));
  };

  useEffect(() => {
    const controller = new AbortController();
    setScanning({ scanned: 0, controller });
    setError('');
    setStoppedAt(undefined);
    let scanned = 0;
    performance.mark('shareledger:filter-start');
    queryFlowPage(ledger, filter, cursors[pageIndex], FLOW_PAGE_SIZE, {
      signal: controller.signal,
      onProgress: (n) => setScanning({ scanned: (scanned = n), controller }),
    })
      .then((page) => {
        setRows(page.rows);
        setCursors((list) => {
          const copy = list.slice(0, pageIndex + 1);
          if (page.next) copy.push(page.next);
          return copy;
        });
        // The figure `npm run bench` reads: from the query's start to the rows on screen.
        requestAnimationFrame(() => performance.measure('shareledger:filter', 'shareledger:filter-start'));
      })
      .catch((e: unknown) => {
        if (!isAbort(e)) setError(String(e));
        else if (controller.signal.reason !== UNMOUNTED) setStoppedAt(scanned);
      })
      .finally(() => setScanning((s) => (s?.controller === controller ? null : s)));
    return () => controller.abort(UNMOUNTED);
  }, [key, pageIndex]); // eslint-disable-line react-hooks/exhaustive-deps

  const first = pageIndex * FLOW_PAGE_SIZE + 1;
  return (
    <div class="flows">
      {problems.length ? (
        <p role="alert" class="error">
          {T.problems}
          {problems.join('; ')}
        </p>
      ) : null}
      <FilterForm filter={filter} fixed={fixed} onChange={update} />
      <CountMatches ledger={ledger} filter={filter} filterKey={key} />
      {scanning ? (
        <Progress
          label={T.scanning(scanning.scanned)}
          value={scanning.scanned}
          onCancel={() => scanning.controller.abort()}
        />
      ) : null}
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      {stoppedAt !== undefined ? (
        <p role="status" data-testid="filter-stopped">
          {T.filterStopped(stoppedAt)}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p class="empty">{T.none}</p> : null}
      {rows && rows.length > 0 ? (
        <>
          <FlowRows rows={rows} caption={T.rows(first, first + rows.length - 1)} />
          <nav class="pager" aria-label={T.table}>
            <button type="button" disabled={pageIndex === 0} onClick={() => setPageIndex(pageIndex - 1)}>
              {T.previous}
            </button>
            <button
              type="button"
              disabled={cursors.length <= pageIndex + 1 || !!scanning}
              onClick={() => setPageIndex(pageIndex + 1)}
            >
              {T.next}
            </button>
          </nav>
        </>
      ) : null}
    </div>
  );
}

function FilterForm({
  filter,
  fixed,
  onChange,
}: {
  filter: FlowFilter;
  fixed: (keyof FlowFilter)[];
  onChange(change: Partial<FlowFilter>): void;
}) {
  const shown = (field: keyof FlowFilter) => !fixed.includes(field);
  const value = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  const text = (field: 'shop' | 'recipient' | 'organization' | 'text', label: string) =>
    shown(field) ? (
      <label>
        {label}{' '}
        <input
          type="text"
          name={field}
          value={filter[field] ?? ''}
          onChange={(e) => onChange({ [field]: value(e).trim() || undefined })}
        />
      </label>
    ) : null;
  const choice = (
    field: 'kind' | 'category' | 'action',
    label: string,
    options: readonly string[],
    names?: Record<string, string>,
  ) =>
    shown(field) ? (
      <label>
        {label}{' '}
        <select name={field} value={filter[field] ?? ''} onChange={(e) => onChange({ [field]: value(e) || undefined })}>
          <option value="">{T.any}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {names?.[o] ?? o}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  return (
    <form class="filters" aria-label={T.filters} onSubmit={(e) => e.preventDefault()}>
      <label>
        {T.from}{' '}
        <input
          type="date"
          name="from"
          value={filter.from ?? ''}
          onChange={(e) => onChange({ from: value(e) || undefined })}
        />
      </label>
      <label>
        {T.to}{' '}
        <input
          type="date"
          name="to"
          value={filter.to ?? ''}
          onChange={(e) => onChange({ to: value(e) || undefined })}
        />
      </label>
      {text('shop', T.shop)}
      {text('recipient', T.recipient)}
      {text('organization', T.org)}
      {choice('kind', T.kind, TRACKER_KINDS)}
      {choice(
        'category',
        T.category,
        CATEGORIES,
        Object.fromEntries(CATEGORIES.map((c) => [c, CATEGORY_INFO[c].name])),
      )}
      {choice('action', T.action, FLOW_ACTIONS)}
      {text('text', T.text)}
      <label>
        {T.sort}{' '}
        <select name="sort" value={filter.sort} onChange={(e) => onChange({ sort: value(e) as FlowFilter['sort'] })}>
          {FLOW_SORTS.map((s) => (
            <option key={s} value={s}>
              {T.sorts[s]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={() =>
          onChange({
            from: undefined,
            to: undefined,
            ...Object.fromEntries(
              (['shop', 'recipient', 'organization', 'kind', 'category', 'action', 'text'] as const)
                .filter((f) => !fixed.includes(f))
                .map((f) => [f, undefined]),
            ),
          })
        }
      >
        {T.clear}
      </button>
    </form>
  );
}

function CountMatches({ ledger, filter, filterKey }: { ledger: LedgerDb; filter: FlowFilter; filterKey: string }) {
  const [state, setState] = useState<{ counting?: number; count?: number; stopped?: boolean }>({});
  const controller = useRef<AbortController | null>(null);
  useEffect(() => {
    controller.current?.abort();
    setState({});
  }, [filterKey]);
  const start = () => {
    const c = new AbortController();
    controller.current = c;
    setState({ counting: 0 });
    countMatchingFlows(ledger, filter, { signal: c.signal, onProgress: (n) => setState({ counting: n }) })
      .then((count) => setState({ count }))
      .catch((e: unknown) => setState(isAbort(e) ? { stopped: true } : {}));
  };
  return (
    <div class="count-matches">
      {state.counting !== undefined ? (
        <Progress
          label={T.counting(state.counting)}
          value={state.counting}
          onCancel={() => controller.current?.abort()}
        />
      ) : (
        <button type="button" onClick={start}>
          {T.count}
        </button>
      )}{' '}
      <span role="status" data-testid="match-count">
        {state.count !== undefined ? T.counted(state.count) : state.stopped ? T.stopped : ''}
      </span>
    </div>
  );
}

/** Rows of the flow table; the evidence (already redacted in the ledger) opens per flow. */
export function FlowRows({ rows, caption }: { rows: Flow[]; caption: string }) {
  return (
    <table class="flow-table" data-testid="flow-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{T.time}</th>
          <th scope="col">{T.shop}</th>
          <th scope="col">{T.recipient}</th>
          <th scope="col">{T.data}</th>
          <th scope="col">{T.action}</th>
          <th scope="col">{T.evidence}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.key} data-flow-recipient={f.recipientSite} data-flow-shop={f.site} data-flow-action={f.action}>
            <td>
              <time dateTime={new Date(f.ts).toISOString()}>{new Date(f.ts).toLocaleString()}</time>
            </td>
            <td>{f.site}</td>
            <td>
              {f.organization}
              <span class="meta">
                {f.recipient} · {f.kind}
              </span>
            </td>
            <td>
              <ul class="chips">
                {f.categories.map((c) => (
                  <li key={c} class={`chip chip-${c}`} data-category={c}>
                    {CATEGORY_INFO[c].name}
                  </li>
                ))}
              </ul>
            </td>
            <td>{f.action}</td>
            <td>
              <details>
                <summary>{T.evidenceCount(f.evidence.length)}</summary>
                <ul class="evidence">
                  {f.evidence.map((e, i) => (
                    <li key={i}>
                      {CATEGORY_INFO[e.category].name}: {e.where} <code>{e.key}</code> = <code>{e.sample}</code>
                    </li>
                  ))}
                </ul>
                <p class="meta url">{f.url}</p>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
