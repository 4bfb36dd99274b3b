import { useEffect, useRef, useState } from 'preact/hooks';
import { CATEGORIES } from '../utils/categories';
import { TRACKER_KINDS, type Flow } from '../utils/model';
import type { LedgerDb } from '../utils/ledger/db';
import {
  FLOW_ACTIONS,
  FLOW_SORT_ORDERS,
  nextSort,
  type FlowFilter,
  type FlowSort,
  type SortColumn,
} from '../utils/dashboard/filters';
import { countMatchingFlows, queryFlowPage, type FlowCursor } from '../utils/dashboard/flow-query';
import { dashboardHref } from '../utils/dashboard/routes';
import { isAbort, Progress } from './DashboardProgress';
import {
  uiCategoryName,
  uiCountMessage,
  uiEvidenceWhere,
  uiFlowAction,
  uiFormat,
  uiMessage,
  uiTrackerKind,
} from './i18n';

export const FLOW_PAGE_SIZE = 50;
/** Why a page query is aborted when the filter changes or the table goes away: not the shopper's Cancel. */
const UNMOUNTED = 'superseded';

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
          {uiMessage('flows_problems', problems.join('; '))}
        </p>
      ) : null}
      <FilterForm filter={filter} fixed={fixed} onChange={update} />
      <CountMatches ledger={ledger} filter={filter} filterKey={key} />
      {scanning ? (
        <Progress
          label={uiMessage('flows_scanning', uiFormat().count(scanning.scanned))}
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
          {uiMessage('flows_filterStopped', uiFormat().count(stoppedAt))}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <p class="empty">{uiMessage('flows_none')}</p> : null}
      {rows && rows.length > 0 ? (
        <>
          <FlowRows
            rows={rows}
            caption={uiMessage('flows_rows', uiFormat().count(first), uiFormat().count(first + rows.length - 1))}
            sort={filter.sort}
            onSort={(column) => update({ sort: nextSort(filter.sort, column) })}
          />
          <nav class="pager" aria-label={uiMessage('flows_pager')}>
            <button type="button" disabled={pageIndex === 0} onClick={() => setPageIndex(pageIndex - 1)}>
              {uiMessage('flows_previous')}
            </button>
            <button
              type="button"
              disabled={cursors.length <= pageIndex + 1 || !!scanning}
              onClick={() => setPageIndex(pageIndex + 1)}
            >
              {uiMessage('flows_next')}
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
  const choice = <T extends string>(
    field: 'kind' | 'category' | 'action',
    label: string,
    options: readonly T[],
    name: (option: T) => string,
  ) =>
    shown(field) ? (
      <label>
        {label}{' '}
        <select name={field} value={filter[field] ?? ''} onChange={(e) => onChange({ [field]: value(e) || undefined })}>
          <option value="">{uiMessage('flows_any')}</option>
          {options.map((o) => (
            <option key={o} value={o}>
              {name(o)}
            </option>
          ))}
        </select>
      </label>
    ) : null;
  return (
    <form class="filters" aria-label={uiMessage('flows_filters')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {uiMessage('flows_from')}{' '}
        <input
          type="date"
          name="from"
          aria-describedby="flow-dates-hint"
          value={filter.from ?? ''}
          onChange={(e) => onChange({ from: value(e) || undefined })}
        />
      </label>
      <label>
        {uiMessage('flows_to')}{' '}
        <input
          type="date"
          name="to"
          aria-describedby="flow-dates-hint"
          value={filter.to ?? ''}
          onChange={(e) => onChange({ to: value(e) || undefined })}
        />
      </label>
      {text('shop', uiMessage('flows_shop'))}
      {text('recipient', uiMessage('flows_recipient'))}
      {text('organization', uiMessage('flows_organization'))}
      {choice('kind', uiMessage('flows_kind'), TRACKER_KINDS, uiTrackerKind)}
      {choice('category', uiMessage('flows_category'), CATEGORIES, uiCategoryName)}
      {choice('action', uiMessage('flows_action'), FLOW_ACTIONS, uiFlowAction)}
      {text('text', uiMessage('flows_text'))}
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
        {uiMessage('flows_clear')}
      </button>
      {/* The date inputs show the browser's own format; what a day means is said in the page's language. */}
      <p id="flow-dates-hint" class="hint dates-hint">
        {uiMessage('flows_datesHint')}
      </p>
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
          label={uiMessage('flows_counting', uiFormat().count(state.counting))}
          value={state.counting}
          onCancel={() => controller.current?.abort()}
        />
      ) : (
        <button type="button" onClick={start}>
          {uiMessage('flows_count')}
        </button>
      )}{' '}
      <span role="status" data-testid="match-count">
        {state.count !== undefined
          ? uiCountMessage('flows_counted', state.count)
          : state.stopped
            ? uiMessage('flows_stopped')
            : ''}
      </span>
    </div>
  );
}

/** A column header that sorts the table: a button, and aria-sort saying the current order. */
function SortHeader({
  column,
  label,
  sort,
  onSort,
}: {
  column: SortColumn;
  label: string;
  sort: FlowSort;
  onSort(column: SortColumn): void;
}) {
  const order = FLOW_SORT_ORDERS[sort];
  const direction = order.column === column ? (order.descending ? 'descending' : 'ascending') : undefined;
  return (
    <th scope="col" aria-sort={direction} data-sort-column={column}>
      <button type="button" class="sort" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" class="sort-arrow">
          {direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}
        </span>
      </button>
    </th>
  );
}

/** Rows of the flow table; the evidence (already redacted in the ledger) opens per flow. */
function FlowRows({
  rows,
  caption,
  sort,
  onSort,
}: {
  rows: Flow[];
  caption: string;
  sort: FlowSort;
  onSort(column: SortColumn): void;
}) {
  const header = (column: SortColumn, label: string) => (
    <SortHeader column={column} label={label} sort={sort} onSort={onSort} />
  );
  return (
    <table class="flow-table" data-testid="flow-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {header('time', uiMessage('flows_time'))}
          {header('shop', uiMessage('flows_shop'))}
          {header('recipient', uiMessage('flows_recipient'))}
          {header('category', uiMessage('flows_data'))}
          <th scope="col">{uiMessage('flows_action')}</th>
          <th scope="col">{uiMessage('flows_evidence')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => (
          <tr key={f.key} data-flow-recipient={f.recipientSite} data-flow-shop={f.site} data-flow-action={f.action}>
            <td>
              <time dateTime={new Date(f.ts).toISOString()}>{uiFormat().dateTime(f.ts)}</time>
            </td>
            <td>{f.site}</td>
            <td>
              {f.organization}
              <span class="meta">
                {f.recipient} · {uiTrackerKind(f.kind)}
              </span>
            </td>
            <td>
              <ul class="chips">
                {f.categories.map((c) => (
                  <li key={c} class={`chip chip-${c}`} data-category={c}>
                    {uiCategoryName(c)}
                  </li>
                ))}
              </ul>
            </td>
            <td>{uiFlowAction(f.action)}</td>
            <td>
              <details>
                <summary>{uiCountMessage('flows_evidence', f.evidence.length)}</summary>
                <ul class="evidence">
                  {f.evidence.map((e, i) => (
                    <li key={i}>
                      {uiCategoryName(e.category)}: {uiEvidenceWhere(e.where)} <code>{e.key}</code> ={' '}
                      <code>{e.sample}</code>
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
