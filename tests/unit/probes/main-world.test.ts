import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_REPORT_MS, REPORT_EVERY_MS, startProbes } from '../../../utils/probes/main-world';
import { listenForProbeReports } from '../../../utils/probes/relay';
import type { ProbeReport } from '../../../utils/probes/apis';
import { freshPage } from './fake-page';

afterEach(() => vi.useRealTimers());

describe('MAIN world to ISOLATED world', () => {
  it('reports after load, again only when something new is seen, and the relay accepts the reports', () => {
    vi.useFakeTimers();
    const page = freshPage();
    const win = page.win;
    startProbes(win as unknown as typeof globalThis, page.options);
    const reports: ProbeReport[] = [];
    const stop = listenForProbeReports(win as unknown as Window, (r) => reports.push(r));

    win.FS = { flush() {} };
    page.as('https://edge.fullstory.com/s/fs.js', () => {
      win.addEventListener('mousemove', () => undefined, true);
      page.doc.addEventListener('keydown', () => undefined, true);
    });
    win.dispatchEvent(new (win.CustomEvent as typeof CustomEvent)('load'));
    vi.advanceTimersByTime(FIRST_REPORT_MS - 10);
    expect(reports).toHaveLength(0);
    vi.advanceTimersByTime(20);
    expect(reports).toEqual([
      {
        page: 'https://www.demo-store.test/deals',
        scripts: [
          { script: 'https://edge.fullstory.com/s/fs.js', uses: { 'listen.mousemove': 1, 'listen.key-global': 1 } },
        ],
        globals: ['FS'],
      },
    ]);

    // Nothing new: no report. Something new: one report after the throttle delay.
    vi.advanceTimersByTime(REPORT_EVERY_MS * 3);
    expect(reports).toHaveLength(1);
    page.as('https://fpnpmcdn.net/v3/k/loader.js', () => {
      win.addEventListener('scroll', () => undefined);
      win.addEventListener('click', () => undefined);
    });
    vi.advanceTimersByTime(REPORT_EVERY_MS - 10);
    expect(reports).toHaveLength(1);
    vi.advanceTimersByTime(20);
    expect(reports).toHaveLength(2);
    expect(reports[1].scripts.map((s) => s.script)).toEqual([
      'https://edge.fullstory.com/s/fs.js',
      'https://fpnpmcdn.net/v3/k/loader.js',
    ]);

    // Leaving the page sends what is new at once.
    page.as('https://fpnpmcdn.net/v3/k/loader.js', () => page.doc.addEventListener('input', () => undefined));
    win.dispatchEvent(new (win.CustomEvent as typeof CustomEvent)('pagehide'));
    expect(reports).toHaveLength(3);
    expect(reports[2].scripts[1].uses['listen.input-global']).toBe(1);
    stop();
  });
});
