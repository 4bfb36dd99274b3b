/**
 * The audit as a crawl, and the CLI's start-up:
 *   audit.sites_per_min     20 demo-store shops (10 compliant, 10 non-compliant, each its own site)
 *                           audited under gpc, 3 pages each, at concurrency 2, wall clock
 *   audit.cpu_s_per_site    CPU seconds per site, the node process and every browser it started
 *                           (robust to other load: 2 cores at 100% would do 120 / this sites a minute)
 *   audit.peak_mb           peak memory of the node process and its browsers (proportional set size, so
 *                           pages the browser's processes share count once), sampled every 250 ms
 *   cli.start_ms            time to the first line of `shareledger classify --help` (bundled CLI),
 *                           median of 7 runs, alternating with the run from source
 *   cli.start_cpu_ms        CPU time of that whole command (median of 7): what wall time would be
 *                           on an idle core, whatever else the machine is doing
 *   cli.start_source_ms     the same through tsx (TypeScript compiled at start), median of 7
 *   cli.start_source_cpu_ms its CPU time
 * Each site has its own browser profile, so the crawl's cost is per site whatever the list's length.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../cli/audit';
import { startDemoStore } from '../demo-store/server';
import { storeModeHost } from '../demo-store/modes';
// @ts-expect-error -- a plain ES module script, no type declarations
import { bundleCli } from '../scripts/bundle-cli.mjs';

type Figures = Record<string, { value: number; unit: string }>;

const SITES = 20;

/** Proportional set size of a process (kB in smaps_rollup), 0 once it has gone. */
function pssBytes(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Memory of a process and all its descendants, from /proc. */
function treePssBytes(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += pssBytes(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** CPU seconds of this process and its reaped children (browsers count once they exit). */
function cpuSecondsWithChildren(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime, cutime, cstime: fields 14-17 of stat(5), in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / 100;
}

async function crawlFigures(): Promise<Figures> {
  const store = await startDemoStore();
  const out = mkdtempSync(join(tmpdir(), 'audit-bench-'));
  const urls = Array.from(
    { length: SITES },
    (_, i) => `https://${storeModeHost(i % 2 ? 'compliant' : 'non-compliant', i + 1)}/`,
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treePssBytes(process.pid))), 250);
  const cpuBefore = cpuSecondsWithChildren();
  const started = performance.now();
  try {
    const code = await runAudit(
      [
        ...urls,
        '--profile',
        'gpc',
        '--concurrency',
        '2',
        '--host-rules',
        store.hostResolverRules,
        '--insecure',
        '--out',
        out,
      ],
      { log: () => undefined, progress: { write: (t) => process.stderr.write(t) } },
    );
    if (code !== 0) throw new Error(`audit exited ${code}`);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { sites: { status: string }[] };
    const ok = report.sites.filter((s) => s.status === 'ok').length;
    if (ok !== SITES) throw new Error(`only ${ok} of ${SITES} sites audited ok`);
  } finally {
    clearInterval(sampler);
    await store.close();
    rmSync(out, { recursive: true, force: true });
  }
  const minutes = (performance.now() - started) / 60_000;
  const cpu = cpuSecondsWithChildren() - cpuBefore;
  return {
    'audit.sites_per_min': { value: SITES / minutes, unit: 'sites/min' },
    'audit.cpu_s_per_site': { value: cpu / SITES, unit: 's' },
    'audit.peak_mb': { value: peak / 1024 / 1024, unit: 'MB' },
  };
}

/** Milliseconds from spawn to the first byte the command writes, and the command's CPU milliseconds. */
function timeToFirstOutput(env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number }> {
  // The child's CPU lands in our cutime/cstime once it is reaped; nothing else of ours runs meanwhile.
  const cpuBefore = cpuSecondsWithChildren();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['bin/shareledger.mjs', 'classify', '--help'], { env, stdio: 'pipe' });
    let first: number | undefined;
    child.stdout.once('data', () => (first = performance.now() - started));
    child.on('error', reject);
    child.on('close', (code) =>
      first === undefined
        ? reject(new Error(`no output (exit ${code})`))
        : resolve({ wall: first, cpu: (cpuSecondsWithChildren() - cpuBefore) * 1000 }),
    );
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startFigures(): Promise<Figures> {
  await bundleCli();
  const bundled: { wall: number; cpu: number }[] = [];
  const source: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 7; i++) {
    bundled.push(await timeToFirstOutput({ ...process.env, SHARELEDGER_CLI_FROM_SOURCE: '' }));
    source.push(await timeToFirstOutput({ ...process.env, SHARELEDGER_CLI_FROM_SOURCE: '1' }));
  }
  return {
    'cli.start_ms': { value: median(bundled.map((r) => r.wall)), unit: 'ms' },
    'cli.start_cpu_ms': { value: median(bundled.map((r) => r.cpu)), unit: 'ms' },
    'cli.start_source_ms': { value: median(source.map((r) => r.wall)), unit: 'ms' },
    'cli.start_source_cpu_ms': { value: median(source.map((r) => r.cpu)), unit: 'ms' },
  };
}

export async function run(): Promise<Figures> {
  return { ...(await startFigures()), ...(await crawlFigures()) };
}
