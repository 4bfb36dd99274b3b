/**
 * Ledger figures, in node with fake-indexeddb (an in-memory IndexedDB in JavaScript: slower than
 * Chromium's LevelDB-backed one for writes, so write throughput here is a lower bound):
 *   ledger.write_flows_per_s        appendToLedger in batches of 200 (the writer's flush size)
 *   ledger.writer_flows_per_s       the durable writer end to end (observe → journal → flush), memory journal
 *   ledger.popup_query_ms_1m        summarizeRetailer for the biggest retailer, 1,000,000 flows in the ledger (median)
 *   ledger.popup_flowscan_ms_1m     the same summary by scanning that retailer's flows (what v1 did), for comparison
 *   ledger.export_s_1m              full JSON export of 1,000,000 flows into a null sink
 *   ledger.export_peak_mb_1m        heap the export retains over the pre-export baseline (peak, sampled after GC)
 *   ledger.export_peak_mb_100k      the same at 100,000 flows: equal within noise = memory does not grow with rows
 *   ledger.redact_us                cost of redacting one flow at write time (utils/ledger/redact.ts), median over
 *                                   rounds, on GA hits (client id) and Meta pixel hits (hashed email and phone,
 *                                   _fbp) whose ids repeat per shop as cookies do
 *   ledger.redact_fresh_ids_us      the same with every id new: each pays for its keyed digest (HMAC-SHA-256)
 * The 1M ledger is bulk-loaded (see load()); the popup figure reads the aggregates the write path keeps.
 * Set LEDGER_BENCH_FLOWS to change the large size (e.g. 200000 for a quick run).
 */
import 'fake-indexeddb/auto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildAggregates, buildTotals } from '../utils/ledger/aggregates';
import { openLedger, type LedgerDb, type RetailerRow } from '../utils/ledger/db';
import { createRedactor, newRedactionSecret } from '../utils/ledger/redact';
import { dexieSource, EXPORT_PAGE_SIZE, exportJson } from '../utils/ledger/export';
import { MemoryJournal } from '../utils/ledger/journal';
import { summarizeRetailer, summarizeRetailerFromFlows } from '../utils/ledger/summary';
import { appendToLedger } from '../utils/ledger/write';
import { LedgerWriter } from '../utils/ledger/writer';
import type { Flow } from '../utils/model';
import { BIG_RETAILER, flowToRedact, RECIPIENTS, syntheticFlow as syntheticFlowOf } from './ledger-flows';

type Figures = Record<string, { value: number; unit: string }>;

const LARGE = Number(process.env.LEDGER_BENCH_FLOWS) || 1_000_000;
const SMALL = Math.min(100_000, LARGE);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Flow n of the large synthetic ledger. */
const syntheticFlow = (n: number): Flow => syntheticFlowOf(n, LARGE);

/**
 * Bulk load for the large ledger: flows with bulkAdd in batches of 10,000, then the totals, daily
 * aggregates and retailers rows in one pass with the same buildAggregates the write path uses (the property test in
 * tests/unit/ledger/aggregates.test.ts shows incremental and one-pass aggregates are equal). Write
 * speed itself is measured by the two throughput figures.
 */
async function load(db: LedgerDb, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 10_000) {
    const batch: Flow[] = [];
    for (let n = start; n < Math.min(to, start + 10_000); n++) batch.push(syntheticFlow(n));
    await db.flows.bulkAdd(batch);
  }
}

function* syntheticFlows(to: number): Generator<Flow> {
  for (let n = 0; n < to; n++) yield syntheticFlow(n);
}

async function buildDerivedRows(db: LedgerDb, to: number): Promise<void> {
  await db.totals.bulkPut([...buildTotals(syntheticFlows(to)).values()]);
  const aggregates = [...buildAggregates(syntheticFlows(to)).values()];
  const retailers = new Map<string, RetailerRow>();
  for (const row of aggregates) {
    const span = retailers.get(row.site);
    if (!span) retailers.set(row.site, { site: row.site, firstSeen: row.firstSeen, lastSeen: row.lastSeen });
    else {
      span.firstSeen = Math.min(span.firstSeen, row.firstSeen);
      span.lastSeen = Math.max(span.lastSeen, row.lastSeen);
    }
  }
  await db.aggregates.bulkPut(aggregates);
  await db.retailers.bulkPut([...retailers.values()]);
}

async function writeThroughput(): Promise<number> {
  const db = openLedger(`bench-write-${Date.now()}`);
  const total = 20_000;
  const started = performance.now();
  for (let start = 0; start < total; start += 200) {
    const batch: Flow[] = [];
    for (let n = start; n < start + 200; n++) batch.push(syntheticFlow(n));
    await appendToLedger(db, batch);
  }
  const rate = total / ((performance.now() - started) / 1000);
  await db.delete();
  return rate;
}

async function writerThroughput(): Promise<number> {
  const db = openLedger(`bench-writer-${Date.now()}`);
  const writer = new LedgerWriter(db, new MemoryJournal(), { journalDelayMs: 0, flushRows: 200, flushIntervalMs: 5 });
  const total = 20_000;
  const started = performance.now();
  const acks: Promise<boolean>[] = [];
  for (let n = 0; n < total; n++) {
    acks.push(writer.observeFlow(syntheticFlow(n)));
    if (n % 200 === 199) await Promise.all(acks.splice(0));
    // A burst faster than the disk: let the flushes catch up rather than hit maxPendingRows.
    if (writer.ledgerStatus.pending > 2000) await writer.flush();
  }
  await Promise.all(acks);
  await writer.flush();
  const rate = total / ((performance.now() - started) / 1000);
  if ((await db.flows.count()) !== total)
    throw new Error(`writer bench lost rows: ${await db.flows.count()} ${JSON.stringify(writer.ledgerStatus)}`);
  writer.kill();
  await db.delete();
  return rate;
}

/**
 * Exports JSON into a null sink; returns seconds, bytes and the peak heap growth in MB. Four times
 * during the export (every quarter of the rows) a full GC runs before sampling, so the figure is what the export *retains*
 * (what would grow with row count), not garbage V8 has not collected yet; the raw peak is logged.
 */
async function exportToNull(db: LedgerDb, rows: number): Promise<{ seconds: number; bytes: number; peakMb: number }> {
  // Four GC'd samples whatever the size, so 100k and 1M are measured alike.
  const sampleEvery = Math.max(1, Math.floor(rows / EXPORT_PAGE_SIZE / 4));
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let retained = 0;
  let raw = 0;
  let bytes = 0;
  let chunks = 0;
  let gcMs = 0;
  const started = performance.now();
  for await (const chunk of exportJson(dexieSource(db))) {
    bytes += chunk.length;
    chunks++;
    if (chunks % 10 === 0) raw = Math.max(raw, process.memoryUsage().heapUsed - baseline);
    if (chunks % sampleEvery === 0) {
      const gcStarted = performance.now();
      gc();
      gcMs += performance.now() - gcStarted;
      retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
    }
  }
  const seconds = (performance.now() - started - gcMs) / 1000;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  process.stderr.write(
    `  export ${rows} flows: retained peak ${mb(retained)} MB, raw peak (uncollected garbage included) ${mb(raw)} MB\n`,
  );
  return { seconds, bytes, peakMb: retained / 1024 / 1024 };
}

const REDACT_FLOWS = 20_000;

/**
 * Median over rounds of the CPU time to redact REDACT_FLOWS flows, per flow (µs). CPU time, not wall
 * time: on a shared machine the wall clock also counts time the process waited for a core.
 */
function redactCost(freshIds: boolean, rounds = 9): number {
  const flows = Array.from({ length: REDACT_FLOWS }, (_, n) => flowToRedact(n, freshIds, LARGE));
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const redactor = createRedactor(newRedactionSecret());
    const started = process.cpuUsage();
    for (const flow of flows) redactor.flow(flow);
    const { user, system } = process.cpuUsage(started);
    samples.push((user + system) / flows.length);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function median(times: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export async function run(): Promise<Figures> {
  const figures: Figures = {};
  figures['ledger.write_flows_per_s'] = { value: await writeThroughput(), unit: 'flows/s' };
  figures['ledger.writer_flows_per_s'] = { value: await writerThroughput(), unit: 'flows/s' };
  figures['ledger.redact_us'] = { value: redactCost(false), unit: 'µs' };
  figures['ledger.redact_fresh_ids_us'] = { value: redactCost(true), unit: 'µs' };

  const db = openLedger(`bench-ledger-${Date.now()}`);
  await load(db, 0, SMALL);
  await buildDerivedRows(db, SMALL);
  const small = await exportToNull(db, SMALL);
  figures['ledger.export_peak_mb_100k'] = { value: small.peakMb, unit: 'MB' };

  const loadStarted = performance.now();
  await load(db, SMALL, LARGE);
  await buildDerivedRows(db, LARGE);
  process.stderr.write(`  loaded ${LARGE} flows in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s\n`);
  const count = await db.flows.count();
  if (count !== LARGE) throw new Error(`expected ${LARGE} flows, found ${count}`);

  const check = await summarizeRetailer(db, BIG_RETAILER); // warm, and check the figure measures real work
  const counted = check.recipients.reduce((sum, r) => sum + r.requests, 0);
  const expectedRecipients = new Set(
    Array.from({ length: 2 * RECIPIENTS.length }, (_, n) => syntheticFlow(n))
      .filter((f) => f.site === BIG_RETAILER)
      .map((f) => f.recipientSite),
  ).size;
  if (check.recipients.length !== expectedRecipients || counted !== LARGE / 2) {
    throw new Error(`popup summary is wrong: ${check.recipients.length} recipients, ${counted} requests`);
  }
  figures['ledger.popup_query_ms_1m'] = {
    value: await median(21, () => summarizeRetailer(db, BIG_RETAILER)),
    unit: 'ms',
  };
  figures['ledger.popup_flowscan_ms_1m'] = {
    value: await median(1, () => summarizeRetailerFromFlows(db, BIG_RETAILER)),
    unit: 'ms',
  };

  const large = await exportToNull(db, LARGE);
  figures['ledger.export_s_1m'] = { value: large.seconds, unit: 's' };
  figures['ledger.export_peak_mb_1m'] = { value: large.peakMb, unit: 'MB' };
  figures['ledger.export_mb_1m'] = { value: large.bytes / 1024 / 1024, unit: 'MB (output)' };
  await db.delete();
  return figures;
}
