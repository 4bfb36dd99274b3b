import { useMemo, useState } from 'preact/hooks';
import { openLedger, type LedgerDb } from '../utils/ledger/db';
import { importLedgerJson, importLedgerNdjson, type ImportResult } from '../utils/ledger/import';
import { loadRetentionSettings, saveRetentionSettings, type RetentionSettings } from '../utils/ledger/retention';
import { TRACKERDB_ATTRIBUTION } from '../utils/trackerdb';
import { TRACKER_LISTS_ATTRIBUTION } from '../utils/tracker-lists';
import { useLiveQuery } from './useLiveQuery';
import { LedgerActions } from './LedgerActions';
import { LedgerStatusNotice } from './LedgerStatusNotice';
import { sendControl } from './control';

/** Every shop in the ledger, import, retention and export: the page the popup links to. */
export function Dashboard() {
  const ledger = useMemo(() => openLedger(), []);
  const retailers = useLiveQuery(() => ledger.retailers.orderBy('lastSeen').reverse().limit(500).toArray(), []);
  return (
    <main class="dashboard">
      <h1>ShareLedger dashboard</h1>
      <LedgerStatusNotice />
      <section aria-labelledby="shops-h">
        <h2 id="shops-h">Shops in your ledger</h2>
        {retailers.value?.length ? (
          <table>
            <thead>
              <tr>
                <th scope="col">Shop</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {retailers.value.map((r) => (
                <tr key={r.site}>
                  <th scope="row">
                    <a href={`/popup.html?site=${encodeURIComponent(r.site)}`}>{r.site}</a>
                  </th>
                  <td>{new Date(r.firstSeen).toLocaleString()}</td>
                  <td>{new Date(r.lastSeen).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="empty">No shops recorded yet.</p>
        )}
      </section>
      <section aria-labelledby="export-h">
        <h2 id="export-h">Export and erase</h2>
        <LedgerActions ledger={ledger} />
      </section>
      <ImportForm ledger={ledger} />
      <RetentionForm ledger={ledger} />
      <footer class="attribution">
        {TRACKERDB_ATTRIBUTION}. {TRACKER_LISTS_ATTRIBUTION}. Everything stays in this browser.
      </footer>
    </main>
  );
}

function describeImport(result: ImportResult): string {
  if (!result.ok) return `Nothing was imported: ${result.error.message}`;
  const { added, skipped } = result;
  return `Imported ${added.flows} flows, ${added.placements} placements, ${added.retailers} shops and ${added.consent} choices; ${skipped.flows} flows were already there.`;
}

function ImportForm({ ledger }: { ledger: LedgerDb }) {
  const [message, setMessage] = useState('');
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setMessage(`Checking ${file.name}…`);
    // Validated against the schema before anything is written; a bad file changes nothing.
    const result = file.name.endsWith('.ndjson')
      ? await importLedgerNdjson(ledger, file)
      : await importLedgerJson(ledger, file);
    if (result.ok) await sendControl({ type: 'consent-reload' });
    setMessage(describeImport(result));
  };
  return (
    <section aria-labelledby="import-h">
      <h2 id="import-h">Import a ledger</h2>
      <label>
        ShareLedger export (.json or .ndjson){' '}
        <input
          type="file"
          accept=".json,.ndjson,application/json"
          onChange={(e) => void onFile((e.currentTarget as HTMLInputElement).files?.[0])}
        />
      </label>
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
    setMessage(result.ok ? 'Saved. Applied within six hours, or at the next browser start.' : result.error);
  };
  return (
    <section aria-labelledby="retention-h">
      <h2 id="retention-h">How long the ledger keeps data</h2>
      <form onSubmit={(e) => void onSubmit(e)} class="retention">
        <label>
          Delete after (days, empty = never){' '}
          <input name="maxAgeDays" type="number" min={1} max={3650} value={s.maxAgeDays ?? ''} />
        </label>
        <label>
          Keep at most (flows){' '}
          <input name="maxFlows" type="number" min={1000} max={10000000} value={s.maxFlows} required />
        </label>
        <label>
          Drop evidence details after (days){' '}
          <input name="compactAfterDays" type="number" min={0} max={3650} value={s.compactAfterDays} required />
        </label>
        <button type="submit">Save</button>
      </form>
      <p role="status" class="status">
        {message}
      </p>
    </section>
  );
}
