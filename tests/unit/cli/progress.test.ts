import { describe, expect, it } from 'vitest';
import { CrawlProgress, etaSeconds, formatDuration, progressBar } from '../../../cli/progress';

describe('crawl progress', () => {
  it('ETA at the pace so far', () => {
    expect(etaSeconds(0, 10, 5000)).toBeUndefined();
    expect(etaSeconds(2, 10, 20_000)).toBe(80);
    expect(formatDuration(80)).toBe('1m20s');
    expect(formatDuration(7300)).toBe('2h01m');
    expect(progressBar(1, 4, 8)).toBe('[##------]');
  });

  it('plain lines without a terminal, one redrawn line in one', () => {
    const plain: string[] = [];
    const ci = new CrawlProgress(2, { write: (t) => plain.push(t), isTTY: false });
    ci.siteFinished('a.test', 'ok', 3.2);
    ci.siteFinished('b.test', 'timeout', 60);
    expect(plain[0]).toMatch(/^audit \[1\/2\] a\.test ok in 3\.2s · ETA \d+s\n$/);
    expect(plain[1]).toMatch(/^audit \[2\/2\] b\.test timeout/);
    const tty: string[] = [];
    const term = new CrawlProgress(1, { write: (t) => tty.push(t), isTTY: true });
    term.siteFinished('a.test', 'ok', 1);
    expect(tty[0].startsWith('\r\x1b[K[')).toBe(true);
    expect(tty[0]).toContain('1/1 sites · 0 not ok');
  });
});
