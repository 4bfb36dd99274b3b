/**
 * CPU time of a browser and all its processes (renderers, the extension's process, the network
 * service, GPU and the browser itself), read from /proc: far steadier than wall time on a shared
 * machine, since time spent waiting for another engineer's job is not counted.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** One /proc/<pid>/stat line, the fields we use. CPU in clock ticks. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: the process's own time plus that of children it reaped. */
  ticks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may hold spaces and
 * parentheses itself, so fields are counted from the last ')'.
 */
export function parseProcStat(line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  const pid = Number.parseInt(line, 10);
  if (close < 0 || !Number.isInteger(pid)) return undefined;
  // After ')': state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17).
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  const field = (n: number) => Number(rest[n - 3]);
  const ticks = field(14) + field(15) + field(16) + field(17);
  const ppid = field(4);
  if (!Number.isFinite(ticks) || !Number.isInteger(ppid)) return undefined;
  return { pid, ppid, ticks };
}

/** Processes whose ancestry reaches `root` (root included). */
export function descendants(stats: readonly ProcStat[], root: number): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const list = children.get(s.ppid);
    if (list) list.push(s);
    else children.set(s.ppid, [s]);
  }
  const out: ProcStat[] = [];
  const queue = stats.filter((s) => s.pid === root);
  while (queue.length) {
    const next = queue.pop()!;
    out.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return out;
}

export function readAllProcStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (stat) out.push(stat);
    } catch {
      // The process ended while we read.
    }
  }
  return out;
}

/** Process kind from chromium's command line: browser, renderer, extension, network, gpu, utility. */
export function chromiumProcessKind(cmdline: string): string {
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (!type) return 'browser';
  if (type === 'renderer') return cmdline.includes('--extension-process') ? 'extension' : 'renderer';
  if (type === 'utility') return /NetworkService/i.test(cmdline) ? 'network' : 'utility';
  if (type === 'gpu-process') return 'gpu';
  return type;
}

/** The pid of the chromium browser process using this profile directory. */
export function findBrowserPid(profileDir: string): number | undefined {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes(`--user-data-dir=${profileDir}`) && !cmdline.some((a) => a.startsWith('--type=')))
        return Number(name);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return undefined;
}

export const CLOCK_TICKS_PER_SECOND = 100;

/** CPU milliseconds of a browser's whole process tree, in total and by process kind. */
export function browserCpu(root: number, stats = readAllProcStats()): { totalMs: number; byKind: Map<string, number> } {
  const byKind = new Map<string, number>();
  let total = 0;
  for (const proc of descendants(stats, root)) {
    let kind = 'gone';
    try {
      kind = chromiumProcessKind(readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // Ended since the stats were read: its time still counts, in its parent's reaped time later.
    }
    const ms = (proc.ticks * 1000) / CLOCK_TICKS_PER_SECOND;
    total += ms;
    byKind.set(kind, (byKind.get(kind) ?? 0) + ms);
  }
  return { totalMs: total, byKind };
}
