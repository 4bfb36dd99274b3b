/**
 * Crawl progress on stderr: a bar with an ETA redrawn in place in a terminal, plain lines in CI and
 * logs (one per finished site), so a 10,000-site crawl can be followed either way.
 */

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Seconds left at the pace so far; undefined before the first site finishes. */
export function etaSeconds(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0) return undefined;
  return ((total - done) * elapsedMs) / done / 1000;
}

export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
}

export class CrawlProgress {
  private done = 0;
  private problems = 0;
  private readonly started = Date.now();

  constructor(
    private readonly total: number,
    private readonly sink: ProgressSink,
    private readonly skipped = 0,
  ) {}

  siteFinished(site: string, status: string, seconds: number): void {
    this.done++;
    if (status !== 'ok') this.problems++;
    const eta = etaSeconds(this.done, this.total, Date.now() - this.started);
    const etaText = eta === undefined ? '' : ` · ETA ${formatDuration(eta)}`;
    if (this.sink.isTTY) {
      const line = `${progressBar(this.done, this.total)} ${this.done}/${this.total} sites · ${this.problems} not ok${etaText} · ${site}`;
      this.sink.write(`\r\x1b[K${line.slice(0, 160)}`);
      if (this.done === this.total) this.sink.write('\n');
    } else {
      this.sink.write(`audit [${this.done}/${this.total}] ${site} ${status} in ${seconds.toFixed(1)}s${etaText}\n`);
    }
  }

  start(): void {
    const resumed = this.skipped ? ` (${this.skipped} already finished, skipped)` : '';
    this.sink.write(`audit: ${this.total} sites to visit${resumed}\n`);
  }
}
