import { useRef, useState } from 'preact/hooks';
import type { ExportAudience } from '../utils/ledger/share';
import { AudienceChoice, flushBeforeExport } from './LedgerActions';
import type { LedgerDb } from '../utils/ledger/db';
import {
  dexieSource,
  EXPORT_KINDS,
  EXPORT_TABLES,
  exportFile,
  forAudience,
  type ExportKind,
  type ExportTable,
  type LedgerSource,
} from '../utils/ledger/export';
import { isAbort, Progress } from './DashboardProgress';
import { saveFile } from './save-file';
import { uiFormat, uiMessage, type MessageKey } from './i18n';

type DashboardExportKind = ExportKind | `parquet:${ExportTable}`;
const KINDS: DashboardExportKind[] = [...EXPORT_KINDS, ...EXPORT_TABLES.map((t) => `parquet:${t}` as const)];

/** 'csv:flows' → ledger_kind_csv_flows (the popup's labels), 'parquet:flows' → dashExport_parquet_flows */
function kindLabel(kind: DashboardExportKind): string {
  const [format, table] = kind.split(':');
  return format === 'parquet'
    ? uiMessage(`dashExport_parquet_${table}` as MessageKey)
    : uiMessage(`ledger_kind_${kind.replace(':', '_')}` as MessageKey);
}

/** Counts the rows read from a source, for the progress bar. */
function counting(source: LedgerSource, onRows: (n: number) => void): LedgerSource {
  return {
    async *pages(table) {
      for await (const page of source.pages(table)) {
        onRows(page.length);
        yield page;
      }
    },
  };
}

/** Every export format, Parquet included, with progress and Cancel. */
export function DashboardExport({ ledger }: { ledger: LedgerDb }) {
  const [kind, setKind] = useState<DashboardExportKind>('json');
  const [audience, setAudience] = useState<ExportAudience>('me');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [status, setStatus] = useState('');
  const controller = useRef<AbortController | null>(null);
  const run = async () => {
    const c = new AbortController();
    controller.current = c;
    setStatus('');
    await flushBeforeExport();
    const tables = kind === 'json' || kind === 'ndjson' ? EXPORT_TABLES : [kind.split(':')[1] as ExportTable];
    const total = (await Promise.all(tables.map((t) => ledger.table(t).count()))).reduce((a, b) => a + b, 0);
    let done = 0;
    setProgress({ done, total });
    const source = counting(dexieSource(ledger), (n) => {
      done += n;
      setProgress({ done, total });
    });
    let file: { name: string; type: string; chunks: AsyncIterable<string | Uint8Array> };
    if (kind.startsWith('parquet:')) {
      // The Parquet writer is loaded when first used: the dashboard's first paint does not parse it.
      const { exportParquet, PARQUET_FILE_NAME } = await import('../utils/dashboard/parquet');
      const table = kind.slice('parquet:'.length) as ExportTable;
      file = {
        name: PARQUET_FILE_NAME(table),
        type: 'application/vnd.apache.parquet',
        chunks: exportParquet(forAudience(source, audience), table),
      };
    } else file = exportFile(source, kind as ExportKind, { audience });
    try {
      await saveFile(file.name, file.type, file.chunks, c.signal);
      setStatus(uiMessage('dashExport_done', file.name));
    } catch (e) {
      setStatus(
        isAbort(e)
          ? uiMessage('dashExport_cancelled')
          : uiMessage('dashExport_failed', e instanceof Error ? e.message : String(e)),
      );
    } finally {
      setProgress(null);
    }
  };
  return (
    <div class="ledger-actions">
      <div role="group" aria-label={uiMessage('ledger_exportGroup')}>
        <label>
          {uiMessage('ledger_format')}{' '}
          <select
            value={kind}
            disabled={!!progress}
            onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as DashboardExportKind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <AudienceChoice value={audience} onChange={setAudience} />
        <button type="button" disabled={!!progress} onClick={() => void run()}>
          {uiMessage('ledger_export')}
        </button>
      </div>
      <p class="hint">{uiMessage('dashExport_hint')}</p>
      {progress ? (
        <Progress
          label={uiMessage('dashExport_running', uiFormat().count(progress.done), uiFormat().count(progress.total))}
          value={progress.done}
          max={Math.max(1, progress.total)}
          onCancel={() => controller.current?.abort()}
        />
      ) : null}
      <p role="status" class="status" data-testid="export-status">
        {status}
      </p>
    </div>
  );
}
