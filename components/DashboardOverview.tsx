import { useEffect, useState } from 'preact/hooks';
import { CATEGORIES } from '../utils/categories';
import type { LedgerDb } from '../utils/ledger/db';
import { loadOverview, loadTimeline, type Overview, type Timeline } from '../utils/dashboard/overview';
import { dashboardHref } from '../utils/dashboard/routes';
import { useLiveQuery } from './useLiveQuery';
import { BarChart, TimelineChart } from './DashboardChart';
import { isAbort, Progress } from './DashboardProgress';
import { uiCategoryName, uiFlowAction, uiFormat, uiMessage } from './i18n';

const TOP = 12;

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
  if (!o) return <p>{uiMessage('popup_loading')}</p>;
  if (o.shops.length === 0) return <p class="empty">{uiMessage('overview_empty')}</p>;
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
      <h2 id="ov-shops-h">{uiMessage('overview_shops')}</h2>
      <BarChart
        label={uiMessage('overview_shopsChart', uiFormat().count(top.length))}
        labels={top.map((s) => s.site)}
        values={top.map((s) => s.requests)}
        series={uiMessage('overview_colRequests')}
        testId="chart-shops"
      />
      <table data-testid="overview-shops">
        <thead>
          <tr>
            <th scope="col">{uiMessage('dashboard_colShop')}</th>
            <th scope="col" class="num">
              {uiMessage('overview_colRequests')}
            </th>
            <th scope="col" class="num">
              {uiMessage('overview_colRecipients')}
            </th>
            <th scope="col">{uiMessage('popup_colData')}</th>
          </tr>
        </thead>
        <tbody>
          {overview.shops.map((s) => (
            <tr key={s.site} data-shop={s.site}>
              <th scope="row">
                <a href={dashboardHref({ site: s.site })}>{s.site}</a>
              </th>
              <td class="num">{uiFormat().count(s.requests)}</td>
              <td class="num">{uiFormat().count(s.recipients)}</td>
              <td>{uiFormat().list(s.categories.map(uiCategoryName))}</td>
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
      <h2 id="ov-orgs-h">{uiMessage('overview_orgs')}</h2>
      <BarChart
        label={uiMessage('overview_orgsChart', uiFormat().count(top.length))}
        labels={top.map((o) => o.organization)}
        values={top.map((o) => o.requests)}
        series={uiMessage('overview_colRequests')}
        testId="chart-organizations"
      />
      <table data-testid="overview-organizations">
        <thead>
          <tr>
            <th scope="col">{uiMessage('overview_colOrganization')}</th>
            <th scope="col" class="num">
              {uiMessage('overview_colRequests')}
            </th>
            <th scope="col" class="num">
              {uiMessage('overview_colShops')}
            </th>
            <th scope="col">{uiMessage('overview_colRecipientSites')}</th>
          </tr>
        </thead>
        <tbody>
          {overview.organizations.map((o) => (
            <tr key={o.organization} data-organization={o.organization}>
              <th scope="row">{o.organization}</th>
              <td class="num">{uiFormat().count(o.requests)}</td>
              <td class="num">{uiFormat().count(o.shops)}</td>
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
    // It starts once the rest of the overview is on screen (after the next frame), so reading every
    // daily row does not hold up the overview's first paint.
    const timer = requestAnimationFrame(() => setTimeout(start));
    return () => {
      cancelAnimationFrame(timer);
      controller?.abort();
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <section aria-labelledby="ov-time-h" class="panel">
      <h2 id="ov-time-h">{uiMessage('overview_timeline')}</h2>
      {controller ? (
        <Progress
          label={uiMessage('overview_timelineLoading', uiFormat().count(rows))}
          value={rows}
          onCancel={() => controller.abort()}
        />
      ) : null}
      {stopped ? (
        <p>
          {uiMessage('overview_timelineStopped')}{' '}
          <button type="button" onClick={start}>
            {uiMessage('overview_timelineRetry')}
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
            label={uiMessage('overview_timelineChart')}
            days={timeline.days}
            series={CATEGORIES.map((c) => ({ name: uiCategoryName(c), values: timeline.counts[c] }))}
            testId="chart-timeline"
          />
          <table data-testid="overview-timeline">
            <thead>
              <tr>
                <th scope="col">{uiMessage('overview_colCategory')}</th>
                <th scope="col" class="num">
                  {uiMessage('overview_colRequests')}
                </th>
                <th scope="col" class="num">
                  {uiMessage('overview_colDays')}
                </th>
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.map((c) => {
                const values = timeline.counts[c];
                return (
                  <tr key={c} data-category={c}>
                    <th scope="row">{uiCategoryName(c)}</th>
                    <td class="num">{uiFormat().count(values.reduce((a, b) => a + b, 0))}</td>
                    <td class="num">{uiFormat().count(values.filter((v) => v > 0).length)}</td>
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
    [uiFlowAction('allowed'), overview.actions.allowed],
    [uiFlowAction('blocked'), overview.actions.blocked],
    [uiFlowAction('modified'), overview.actions.modified],
  ] as const;
  return (
    <section aria-labelledby="ov-actions-h" class="panel">
      <h2 id="ov-actions-h">{uiMessage('overview_actions')}</h2>
      <BarChart
        label={uiMessage('overview_actionsChart')}
        labels={rows.map((r) => r[0])}
        values={rows.map((r) => r[1])}
        series={uiMessage('overview_colRequests')}
        testId="chart-actions"
      />
      <table data-testid="overview-actions">
        <tbody>
          {rows.map(([name, n]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td class="num">{uiFormat().count(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
