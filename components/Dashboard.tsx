import { useMemo, useRef, useState } from 'preact/hooks';
import { openLedger, type LedgerDb } from '../utils/ledger/db';
import type { ImportOptions, ImportProgress, ImportResult } from '../utils/ledger/import';
import { loadRetentionSettings, saveRetentionSettings, type RetentionSettings } from '../utils/ledger/retention';
import { TRACKERDB_ATTRIBUTION, TRACKER_LISTS_ATTRIBUTION } from '../utils/attributions';
import { useLiveQuery } from './useLiveQuery';
import { LedgerActions } from './LedgerActions';
import { LedgerStatusNotice } from './LedgerStatusNotice';
import { sendControl } from './control';
import { DashboardOverview } from './DashboardOverview';
import { DashboardExport } from './DashboardExport';
import { dashboardHref, parseRoute } from '../utils/dashboard/routes';
import { Progress } from './DashboardProgress';
import { uiFormat, uiMessage } from './i18n';
import { useLazyModule } from './useLazyModule';

// Only the overview is in the page's first script; the other views load when opened.
const loadShopViews = () => import('./DashboardShop');
const loadFlowTable = () => import('./DashboardFlows');

/**
 * dashboard.html: the overview (charts, every shop, exports, import, retention), a shop's page
 * (?site=), a recipient's page (?recipient=) and the flow table (?view=flows&filters…).
 */
export function Dashboard() {
  const ledger = useMemo(() => openLedger(), []);
  const route = useMemo(() => parseRoute(location.search), []);
  const shopViews = useLazyModule(route.view === 'shop' || route.view === 'recipient' ? loadShopViews : null);
  const flowTable = useLazyModule(route.view === 'flows' ? loadFlowTable : null);
  const { DashboardShop, DashboardRecipient } = shopViews.module ?? {};
  const { DashboardFlows } = flowTable.module ?? {};
  const loadError = shopViews.error ?? flowTable.error;
  return (
    <main class="dashboard">
      <header class="top">
        <h1>{uiMessage('dashboard_title')}</h1>
        <nav aria-label={uiMessage('dashboard_nav')}>
          <a href={dashboardHref({})} aria-current={route.view === 'overview' ? 'page' : undefined}>
            {uiMessage('dashboard_overview')}
          </a>{' '}
          <a href={dashboardHref({ flows: {} })} aria-current={route.view === 'flows' ? 'page' : undefined}>
            {uiMessage('dashboard_allFlows')}
          </a>
        </nav>
      </header>
      <LedgerStatusNotice />
      {loadError ? (
        <p role="alert" class="error">
          {String(loadError)}
        </p>
      ) : null}
      {route.view === 'shop' && DashboardShop ? <DashboardShop ledger={ledger} site={route.site} /> : null}
      {route.view === 'recipient' && DashboardRecipient ? (
        <DashboardRecipient ledger={ledger} recipient={route.recipient} />
      ) : null}
      {route.view === 'flows' && DashboardFlows ? (
        <section aria-labelledby="flows-h" class="panel">
          <h2 id="flows-h">{uiMessage('dashboard_flowsHeading')}</h2>
          <DashboardFlows ledger={ledger} filter={route.filter} problems={route.problems} syncUrl />
        </section>
      ) : null}
      {route.view === 'overview' ? <OverviewPage ledger={ledger} /> : null}
      <footer class="attribution">
        {TRACKERDB_ATTRIBUTION}. {TRACKER_LISTS_ATTRIBUTION}. {uiMessage('popup_staysHere')}
      </footer>
    </main>
  );
}

function OverviewPage({ ledger }: { ledger: LedgerDb }) {
  const retailers = useLiveQuery(() => ledger.retailers.orderBy('lastSeen').reverse().limit(500).toArray(), []);
  return (
    <>
      <DashboardOverview ledger={ledger} />
      <section aria-labelledby="shops-h" class="panel">
        <h2 id="shops-h">{uiMessage('dashboard_shops')}</h2>
        {retailers.value?.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">{uiMessage('dashboard_colShop')}</th>
                <th scope="col">{uiMessage('dashboard_firstSeen')}</th>
                <th scope="col">{uiMessage('dashboard_lastSeen')}</th>
              </tr>
            </thead>
            <tbody>
              {retailers.value.map((r) => (
                <tr key={r.site}>
                  <th scope="row">
                    <a href={dashboardHref({ site: r.site })}>{r.site}</a>
                  </th>
                  <td>{uiFormat().dateTime(r.firstSeen)}</td>
                  <td>{uiFormat().dateTime(r.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="empty">{uiMessage('dashboard_noShops')}</p>
        )}
      </section>
      <section aria-labelledby="export-h" class="panel">
        <h2 id="export-h">{uiMessage('dashboard_exportHeading')}</h2>
        <DashboardExport ledger={ledger} />
      </section>
      <section aria-labelledby="erase-h" class="panel">
        <h2 id="erase-h">{uiMessage('dashboard_eraseHeading')}</h2>
        <LedgerActions ledger={ledger} exports={false} />
      </section>
      <ImportForm ledger={ledger} />
      <RetentionForm ledger={ledger} />
    </>
  );
}

function describeImport(result: ImportResult): string {
  // Why a file was refused stays as the importer words it (technical detail); the sentence around it is translated.
  if (!result.ok)
    return result.error.code === 'cancelled'
      ? uiMessage('dashboard_importCancelled')
      : uiMessage('dashboard_importRefused', result.error.message);
  const { added, skipped } = result.value;
  const n = uiFormat().count;
  return uiMessage(
    'dashboard_imported',
    n(added.flows),
    n(added.placements),
    n(added.retailers),
    n(added.consent),
    n(skipped.flows),
  );
}

function importProgressLabel({ phase, done, total }: ImportProgress): string {
  return phase === 'checking'
    ? uiMessage('dashboard_importChecking', uiFormat().count(done))
    : uiMessage('dashboard_importWriting', uiFormat().count(done), uiFormat().count(total ?? 0));
}

function ImportForm({ ledger }: { ledger: LedgerDb }) {
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const c = new AbortController();
    controller.current = c;
    setMessage(uiMessage('dashboard_importCheckingFile', file.name));
    setProgress({ phase: 'checking', done: 0 });
    // Validated against the schema before anything is written; a bad file changes nothing.
    const options: ImportOptions = { signal: c.signal, onProgress: (p) => setProgress({ ...p }) };
    try {
      // The importer and its schema validator load when first used, not on the dashboard's first paint.
      const { importLedgerJson, importLedgerNdjson } = await import('../utils/ledger/import');
      const result = file.name.endsWith('.ndjson')
        ? await importLedgerNdjson(ledger, file, undefined, options)
        : await importLedgerJson(ledger, file, options);
      if (result.ok) await sendControl({ type: 'consent-reload' });
      setMessage(describeImport(result));
    } finally {
      setProgress(null);
      // The same file can be chosen again (to finish an import that was stopped).
      input.value = '';
    }
  };
  return (
    <section aria-labelledby="import-h" class="panel">
      <h2 id="import-h">{uiMessage('dashboard_importHeading')}</h2>
      <label>
        {uiMessage('dashboard_importFile')}{' '}
        <input
          type="file"
          accept=".json,.ndjson,application/json"
          disabled={!!progress}
          onChange={(e) => void onFile(e.currentTarget as HTMLInputElement)}
        />
      </label>
      {progress ? (
        <Progress
          label={importProgressLabel(progress)}
          value={progress.done}
          max={progress.total}
          onCancel={() => controller.current?.abort()}
        />
      ) : null}
      <p role="status" class="status" data-testid="import-status">
        {message}
      </p>
    </section>
  );
}

function RetentionForm({ ledger }: { ledger: LedgerDb }) {
  const settings = useLiveQuery(() => loadRetentionSettings(ledger), []);
  const [message, setMessage] = useState('');
  if (!settings.value) return null;
  const s: RetentionSettings = settings.value;
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const days = String(form.get('maxAgeDays') ?? '');
    const result = await saveRetentionSettings(ledger, {
      maxAgeDays: days === '' ? null : Number(days),
      maxFlows: Number(form.get('maxFlows')),
      compactAfterDays: Number(form.get('compactAfterDays')),
    });
    setMessage(
      result.ok ? uiMessage('dashboard_retentionSaved') : uiMessage('dashboard_retentionRefused', result.error),
    );
  };
  return (
    <section aria-labelledby="retention-h" class="panel">
      <h2 id="retention-h">{uiMessage('dashboard_retentionHeading')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} class="retention">
        <label>
          {uiMessage('dashboard_retentionMaxAge')}{' '}
          <input name="maxAgeDays" type="number" min={1} max={3650} value={s.maxAgeDays ?? ''} />
        </label>
        <label>
          {uiMessage('dashboard_retentionMaxFlows')}{' '}
          <input name="maxFlows" type="number" min={1000} max={10000000} value={s.maxFlows} required />
        </label>
        <label>
          {uiMessage('dashboard_retentionCompact')}{' '}
          <input name="compactAfterDays" type="number" min={0} max={3650} value={s.compactAfterDays} required />
        </label>
        <button type="submit">{uiMessage('dashboard_save')}</button>
      </form>
      <p role="status" class="status">
        {message}
      </p>
    </section>
  );
}
