import { useState } from 'preact/hooks';
import type { LedgerDb } from '../utils/ledger/db';
import { dexieSource, EXPORT_KINDS, exportFile, type ExportKind } from '../utils/ledger/export';
import { EXPORT_AUDIENCES, type ExportAudience } from '../utils/ledger/share';
import { sendControl } from './control';
import { uiMessage, type MessageKey } from './i18n';
import { saveFile } from './save-file';

/** 'csv:flows' → ledger_kind_csv_flows */
const kindLabel = (kind: ExportKind) => uiMessage(`ledger_kind_${kind.replace(':', '_')}` as MessageKey);

const AUDIENCE_LABELS: Record<ExportAudience, MessageKey> = {
  me: 'export_audienceMe',
  researcher: 'export_audienceResearcher',
};

/** Who an export is for: the shopper, or a researcher (utils/ledger/share.ts). */
export function AudienceChoice({ value, onChange }: { value: ExportAudience; onChange: (a: ExportAudience) => void }) {
  return (
    <label>
      {uiMessage('export_audience')}{' '}
      <select
        data-testid="export-audience"
        value={value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as ExportAudience)}
      >
        {EXPORT_AUDIENCES.map((a) => (
          <option key={a} value={a}>
            {uiMessage(AUDIENCE_LABELS[a])}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Asks the worker to write what it observed so far, so the export has every acknowledged row. */
export async function flushBeforeExport(): Promise<void> {
  // An export without the last second of rows is still an export: a worker that cannot answer does not stop it.
  await sendControl({ type: 'flush-ledger' }).catch(() => undefined);
}

/** Streams an export into a download; nothing leaves this computer. */
async function download(db: LedgerDb, kind: ExportKind, audience: ExportAudience): Promise<void> {
  await flushBeforeExport();
  const file = exportFile(dexieSource(db), kind, { audience });
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
  const [audience, setAudience] = useState<ExportAudience>('me');
  const [confirming, setConfirming] = useState<'forget' | 'erase' | null>(null);
  const [status, setStatus] = useState('');
  const run = async (label: string, task: () => Promise<unknown>) => {
    setStatus(uiMessage('ledger_running', label));
    try {
      await task();
      setStatus(uiMessage('ledger_done', label));
    } catch (error) {
      setStatus(uiMessage('ledger_failed', label, error instanceof Error ? error.message : String(error)));
    }
  };
  const control = async (message: Parameters<typeof sendControl>[0]) => {
    const reply = await sendControl(message);
    if (!reply.ok) throw new Error(reply.error);
  };
  return (
    <div class="ledger-actions">
      {exports ? (
        <div role="group" aria-label={uiMessage('ledger_exportGroup')}>
          <label>
            {uiMessage('ledger_format')}{' '}
            <select value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as ExportKind)}>
              {EXPORT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          </label>
          <AudienceChoice value={audience} onChange={setAudience} />
          <button
            type="button"
            onClick={() => void run(uiMessage('ledger_export'), () => download(ledger, kind, audience))}
          >
            {uiMessage('ledger_export')}
          </button>
        </div>
      ) : null}
      {confirming ? (
        <div role="alertdialog" aria-label={uiMessage('ledger_confirm')} class="confirm">
          <span>
            {confirming === 'forget'
              ? uiMessage('ledger_forgetQuestion', site ?? '')
              : uiMessage('ledger_eraseQuestion')}
          </span>
          <button
            type="button"
            class="danger"
            onClick={() => {
              const which = confirming;
              setConfirming(null);
              void run(uiMessage(which === 'forget' ? 'ledger_forget' : 'ledger_erase'), () =>
                control(which === 'forget' && site ? { type: 'forget-retailer', site } : { type: 'erase-everything' }),
              );
            }}
          >
            {uiMessage(confirming === 'forget' ? 'ledger_yesForget' : 'ledger_yesErase')}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            {uiMessage('ledger_cancel')}
          </button>
        </div>
      ) : (
        <div role="group" aria-label={uiMessage('ledger_deleteGroup')}>
          {site ? (
            <button type="button" onClick={() => setConfirming('forget')}>
              {uiMessage('ledger_forgetShop')}
            </button>
          ) : null}
          <button type="button" class="danger" onClick={() => setConfirming('erase')}>
            {uiMessage('ledger_eraseAll')}
          </button>
        </div>
      )}
      <p role="status" class="status">
        {status}
      </p>
    </div>
  );
}
