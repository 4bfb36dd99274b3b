import { useEffect, useState } from 'preact/hooks';
import { CATEGORIES, CATEGORY_INFO } from '../utils/categories';
import type { LedgerDb } from '../utils/ledger/db';
import { loadOverview, loadTimeline, type Overview, type Timeline } from '../utils/dashboard/overview';
import { dashboardHref } from '../utils/dashboard/routes';
import { useLiveQuery } from './useLiveQuery';
import { BarChart, TimelineChart } from './DashboardChart';
import { isAbort, Progress } from './DashboardProgress';

const TOP = 12;
const T = {
  heading: 'What shops shared',
  loading: 'Loading…',
  empty: 'Nothing shared with third parties yet. Visit a shop with ShareLedger on, then come back.',
  shops: 'Shops by how much they shared',
  shopsChart: (n: number) =>
    `Bar chart of the ${n} shops that sent the most requests carrying data; the table below lists every shop.`,
  orgs: 'Recipients by organization',
  orgsChart: (n: number) =>
    `Bar chart of the ${n} organizations that received the most; the table below lists them all.`,
  timeline: 'Categories over time',
  timelineChart: 'Line chart of requests per day for each data category; the table below sums them.',
  timelineLoading: (rows: number) => `Reading daily counts… ${rows.toLocaleString()} rows`,
  timelineCancelled: 'Stopped. ',
  retry: 'Build the timeline',
  actions: 'Blocked vs allowed',
  actionsChart: 'Bar chart of requests allowed, blocked and modified by ShareLedger; the table below has the numbers.',
  shop: 'Shop',
  requests: 'Requests with data',
  recipients: 'Recipients',
  data: 'Data shared',
  org: 'Organization',
  shopsCol: 'Shops',
  sites: 'Recipient sites',
  category: 'Category',
  days: 'Days',
  action: 'What happened',
  allowed: 'Allowed',
  blocked: 'Blocked',
  modified: 'Modified (stripped)',
};

export function DashboardOverview({ ledger }: { ledger: LedgerDb }) {
  const overview = useLiveQuery(() => loadOverview(ledger), []);
  const o = overview.value;
  useEffect(() => {
    // The figure `npm run bench` reads: the overview's first paint with real data.
    if (o) requestAnimationFrame(() => performance.mark('shareledger:overview-painted'));
  }, [o !== undefined]); // eslint-disable-line react-hooks/exhaustive-deps
  if (overview.error)
    return (
      <p role="alert" class="error">
        {String(overview.error)}
      </p>
    );
  if (!o) return <p>{T.loading}</p>;
  if (o.shops.length === 0) return <p class="empty">{T.empty}</p>;
  return (
    <>
      <ShopsSection overview={o} />
      <OrganizationsSection overview={o} />
      <TimelineSection ledger={ledger} />
      <ActionsSection overview={o} />
    </>
  );
}

function ShopsSection({ overview }: { overview: Overview }) {
  const top = overview.shops.slice(0, TOP);
  return (
    <section aria-labelledby="ov-shops-h" class="panel">
      <h2 id="ov-shops-h">{T.shops}</h2>
      <BarChart
        label={T.shopsChart(top.length)}
        labels={top.map((s) => s.site)}
        values={top.map((s) => s.requests)}
        series={T.requests}
        testId="chart-shops"
      />
      <table data-testid="overview-shops">
        <thead>
          <tr>
            <th scope="col">{T.shop}</th>
            <th scope="col" class="num">
              {T.requests}
            </th>
            <th scope="col" class="num">
              {T.recipients}
            </th>
            <th scope="col">{T.data}</th>
          </tr>
        </thead>
        <tbody>
          {overview.shops.map((s) => (
            <tr key={s.site} data-shop={s.site}>
              <th scope="row">
                <a href={dashboardHref({ site: s.site })}>{s.site}</a>
              </th>
              <td class="num">{s.requests.toLocaleString()}</td>
              <td class="num">{s.recipients}</td>
              <td>{s.categories.map((c) => CATEGORY_INFO[c].name).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OrganizationsSection({ overview }: { overview: Overview }) {
  const top = overview.organizations.slice(0, TOP);
  return (
    <section aria-labelledby="ov-orgs-h" class="panel">
      <h2 id="ov-orgs-h">{T.orgs}</h2>
      <BarChart
        label={T.orgsChart(top.length)}
        labels={top.map((o) => o.organization)}
        values={top.map((o) => o.requests)}
        series={T.requests}
        testId="chart-organizations"
      />
      <table data-testid="overview-organizations">
        <thead>
          <tr>
            <th scope="col">{T.org}</th>
            <th scope="col" class="num">
              {T.requests}
            </th>
            <th scope="col" class="num">
              {T.shopsCol}
            </th>
            <th scope="col">{T.sites}</th>
          </tr>
        </thead>
        <tbody>
          {overview.organizations.map((o) => (
            <tr key={o.organization} data-organization={o.organization}>
              <th scope="row">{o.organization}</th>
              <td class="num">{o.requests.toLocaleString()}</td>
              <td class="num">{o.shops}</td>
              <td>
                {o.recipientSites.map((site, i) => (
                  <span key={site}>
                    {i ? ', ' : ''}
                    <a href={dashboardHref({ recipient: site })}>{site}</a>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The timeline reads every daily row, so it loads after the rest, with progress and a Cancel button. */
function TimelineSection({ ledger }: { ledger: LedgerDb }) {
  const [timeline, setTimeline] = useState<Timeline>();
  const [rows, setRows] = useState(0);
  const [controller, setController] = useState<AbortController | null>(null);
  const [stopped, setStopped] = useState(false);
  const [error, setError] = useState('');
  const start = () => {
    const c = new AbortController();
    setController(c);
    setStopped(false);
    loadTimeline(ledger, { signal: c.signal, onProgress: setRows })
      .then(setTimeline)
      .catch((e: unknown) => (isAbort(e) ? setStopped(true) : setError(String(e))))
      .finally(() => setController(null));
  };
  useEffect(() => {
    start();
    return () => controller?.abort();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section aria-labelledby="ov-time-h" class="panel">
      <h2 id="ov-time-h">{T.timeline}</h2>
      {controller ? (
        <Progress label={T.timelineLoading(rows)} value={rows} onCancel={() => controller.abort()} />
      ) : null}
      {stopped ? (
        <p>
          {T.timelineCancelled}
          <button type="button" onClick={start}>
            {T.retry}
          </button>
        </p>
      ) : null}
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      {timeline ? (
        <>
          <TimelineChart
            label={T.timelineChart}
            days={timeline.days}
            series={CATEGORIES.map((c) => ({ name: CATEGORY_INFO[c].name, values: timeline.counts[c] }))}
            testId="chart-timeline"
          />
          <table data-testid="overview-timeline">
            <thead>
              <tr>
                <th scope="col">{T.category}</th>
                <th scope="col" class="num">
                  {T.requests}
                </th>
                <th scope="col" class="num">
                  {T.days}
                </th>
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.map((c) => {
                const values = timeline.counts[c];
                return (
                  <tr key={c} data-category={c}>
                    <th scope="row">{CATEGORY_INFO[c].name}</th>
                    <td class="num">{values.reduce((a, b) => a + b, 0).toLocaleString()}</td>
                    <td class="num">{values.filter((v) => v > 0).length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

function ActionsSection({ overview }: { overview: Overview }) {
  const rows = [
    [T.allowed, overview.actions.allowed],
    [T.blocked, overview.actions.blocked],
    [T.modified, overview.actions.modified],
  ] as const;
  return (
    <section aria-labelledby="ov-actions-h" class="panel">
      <h2 id="ov-actions-h">{T.actions}</h2>
      <BarChart
        label={T.actionsChart}
        labels={rows.map((r) => r[0])}
        values={rows.map((r) => r[1])}
        series={T.requests}
        testId="chart-actions"
      />
      <table data-testid="overview-actions">
        <tbody>
          {rows.map(([name, n]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td class="num">{n.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
