import { useState } from 'preact/hooks';
import type { LedgerDb } from '../utils/ledger/db';
import { dexieSource, exportCsv, exportJson, exportNdjson, EXPORT_FILE_NAMES } from '../utils/ledger/export';
import { sendControl } from './control';

async function download(name: string, chunks: AsyncIterable<string>, type: string): Promise<void> {
  const parts: string[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  // A Blob keeps the parts outside the JS heap; the file never leaves this computer.
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export the ledger, forget this shop, erase everything: each destructive step asks once more. */
export function LedgerActions({ ledger, site }: { ledger: LedgerDb; site: string }) {
  const [confirming, setConfirming] = useState<'forget' | 'erase' | null>(null);
  const [status, setStatus] = useState('');
  const source = () => dexieSource(ledger);
  const run = async (label: string, task: () => Promise<unknown>) => {
    setStatus(`${label}…`);
    try {
      await task();
      setStatus(`${label}: done`);
    } catch (error) {
      setStatus(`${label} failed: ${String(error)}`);
    }
  };
  const control = async (message: Parameters<typeof sendControl>[0]) => {
    const reply = await sendControl(message);
    if (!reply.ok) throw new Error(reply.error);
  };
  return (
    <div class="ledger-actions">
      <div role="group" aria-label="Export the ledger">
        <button type="button" onClick={() => void run('Export JSON', () => download(EXPORT_FILE_NAMES.json, exportJson(source()), 'application/json'))}>
          Export JSON
        </button>
        <button type="button" onClick={() => void run('Export NDJSON', () => download(EXPORT_FILE_NAMES.ndjson, exportNdjson(source()), 'application/x-ndjson'))}>
          NDJSON
        </button>
        <button type="button" onClick={() => void run('Export CSV', () => download(EXPORT_FILE_NAMES.csv('flows'), exportCsv(source(), 'flows'), 'text/csv'))}>
          Flows CSV
        </button>
      </div>
      {confirming ? (
        <div role="alertdialog" aria-label="Confirm" class="confirm">
          <span>{confirming === 'forget' ? `Forget everything recorded about ${site}?` : 'Erase the whole ledger and all your choices?'}</span>
          <button
            type="button"
            class="danger"
            onClick={() => {
              const which = confirming;
              setConfirming(null);
              void run(which === 'forget' ? 'Forget' : 'Erase', () => control(which === 'forget' ? { type: 'forget-retailer', site } : { type: 'erase-everything' }));
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
          <button type="button" onClick={() => setConfirming('forget')}>
            Forget this shop
          </button>
          <button type="button" class="danger" onClick={() => setConfirming('erase')}>
            Erase everything
          </button>
        </div>
      )}
      <p role="status" class="status">{status}</p>
    </div>
  );
}
