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
import { exportParquet, PARQUET_FILE_NAME } from '../utils/dashboard/parquet';
import { isAbort, Progress } from './DashboardProgress';
import { saveFile } from './save-file';

type DashboardExportKind = ExportKind | `parquet:${ExportTable}`;
const KINDS: DashboardExportKind[] = [...EXPORT_KINDS, ...EXPORT_TABLES.map((t) => `parquet:${t}` as const)];

const T = {
  group: 'Export the ledger',
  format: 'Format',
  export: 'Export',
  kinds: {
    json: 'JSON (importable)',
    ndjson: 'NDJSON',
    csv: (t: string) => `CSV: ${t}`,
    parquet: (t: string) => `Parquet: ${t}`,
  },
  running: (done: number, total: number) => `Exporting… ${done.toLocaleString()} of ${total.toLocaleString()} rows`,
  done: (name: string) => `Saved ${name}.`,
  cancelled: 'Export cancelled; nothing was saved.',
  failed: (e: string) => `Export failed: ${e}`,
  hint: 'Parquet: one file per table, typed columns, for DuckDB, pandas/pyarrow or Spark.',
};

function kindLabel(kind: DashboardExportKind): string {
  if (kind === 'json' || kind === 'ndjson') return T.kinds[kind];
  const [format, table] = kind.split(':');
  return format === 'csv' ? T.kinds.csv(table) : T.kinds.parquet(table);
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
      const table = kind.slice('parquet:'.length) as ExportTable;
      file = {
        name: PARQUET_FILE_NAME(table),
        type: 'application/vnd.apache.parquet',
        chunks: exportParquet(forAudience(source, audience), table),
      };
    } else file = exportFile(source, kind as ExportKind, { audience });
    try {
      await saveFile(file.name, file.type, file.chunks, c.signal);
      setStatus(T.done(file.name));
    } catch (e) {
      setStatus(isAbort(e) ? T.cancelled : T.failed(e instanceof Error ? e.message : String(e)));
    } finally {
      setProgress(null);
    }
  };
  return (
    <div class="ledger-actions">
      <div role="group" aria-label={T.group}>
        <label>
          {T.format}{' '}
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
          {T.export}
        </button>
      </div>
      <p class="hint">{T.hint}</p>
      {progress ? (
        <Progress
          label={T.running(progress.done, progress.total)}
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
