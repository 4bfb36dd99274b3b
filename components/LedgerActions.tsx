import { useState } from 'preact/hooks';
import type { LedgerDb } from '../utils/ledger/db';
import { dexieSource, EXPORT_KINDS, exportFile, toByteStream, type ExportKind } from '../utils/ledger/export';
import { sendControl } from './control';

const KIND_LABELS: Record<ExportKind, string> = {
  json: 'JSON (importable)',
  ndjson: 'NDJSON',
  'csv:flows': 'CSV: flows',
  'csv:placements': 'CSV: placements',
  'csv:retailers': 'CSV: retailers',
  'csv:consent': 'CSV: consent',
};

/** Streams an export into a Blob (bytes, not a million JS strings) and saves it; nothing leaves this computer. */
async function download(db: LedgerDb, kind: ExportKind): Promise<void> {
  const file = exportFile(dexieSource(db), kind);
  const blob = await new Response(toByteStream(file.chunks)).blob();
  const url = URL.createObjectURL(new Blob([blob], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export the ledger, forget a shop, erase everything: each destructive step asks once more. */
export function LedgerActions({ ledger, site }: { ledger: LedgerDb; site?: string }) {
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
