import { useState } from 'preact/hooks';
import type { LedgerDb } from '../utils/ledger/db';
import { dexieSource, EXPORT_KINDS, exportFile, type ExportKind } from '../utils/ledger/export';
import { sendControl } from './control';
import { saveFile } from './save-file';

const KIND_LABELS: Record<ExportKind, string> = {
  json: 'JSON (importable)',
  ndjson: 'NDJSON',
  'csv:flows': 'CSV: flows',
  'csv:placements': 'CSV: placements',
  'csv:retailers': 'CSV: retailers',
  'csv:banners': 'CSV: cookie-banner answers',
  'csv:consent': 'CSV: consent',
};

/** Streams an export into a download; nothing leaves this computer. */
async function download(db: LedgerDb, kind: ExportKind): Promise<void> {
  const file = exportFile(dexieSource(db), kind);
  await saveFile(file.name, file.type, file.chunks);
}

/** Export the ledger, forget a shop, erase everything: each destructive step asks once more. */
export function LedgerActions({
  ledger,
  site,
  exports = true,
}: {
  ledger: LedgerDb;
  site?: string;
  /** False where the page has its own export panel (the dashboard's, with Parquet and progress). */
  exports?: boolean;
}) {
  const [kind, setKind] = useState<ExportKind>('json');
  const [confirming, setConfirming] = useState<'forget' | 'erase' | null>(null);
  const [status, setStatus] = useState('');
  const run = async (label: string, task: () => Promise<unknown>) => {
    setStatus(`${label}…`);
    try {
      await task();
      setStatus(`${label}: done`);
    } catch (error) {
      setStatus(`${label} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const control = async (message: Parameters<typeof sendControl>[0]) => {
    const reply = await sendControl(message);
    if (!reply.ok) throw new Error(reply.error);
  };
  return (
    <div class="ledger-actions">
      {exports ? (
        <div role="group" aria-label="Export the ledger">
          <label>
            Format{' '}
            <select value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as ExportKind)}>
              {EXPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void run('Export', () => download(ledger, kind))}>
            Export
          </button>
        </div>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label="Confirm" class="confirm">
          <span>
            {confirming === 'forget'
              ? `Forget everything recorded about ${site}?`
              : 'Erase the whole ledger and all your choices?'}
          </span>
          <button
            type="button"
            class="danger"
            onClick={() => {
              const which = confirming;
              setConfirming(null);
              void run(which === 'forget' ? 'Forget' : 'Erase', () =>
                control(which === 'forget' && site ? { type: 'forget-retailer', site } : { type: 'erase-everything' }),
              );
            }}
          >
            Yes, {confirming === 'forget' ? 'forget' : 'erase'}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <div role="group" aria-label="Delete data">
          {site ? (
            <button type="button" onClick={() => setConfirming('forget')}>
              Forget this shop
            </button>
          ) : null}
          <button type="button" class="danger" onClick={() => setConfirming('erase')}>
            Erase everything
          </button>
        </div>
      )}
      <p role="status" class="status">
        {status}
      </p>
    </div>
  );
}
