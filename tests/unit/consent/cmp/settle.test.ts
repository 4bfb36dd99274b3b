import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { whenSettled } from '../../../../utils/consent/cmp/settle';

type SettleWindow = Parameters<typeof whenSettled>[0];

describe('whenSettled', () => {
  it('waits until the page has been quiet for a moment', async () => {
    const win = new Window();
    const banner = win.document.createElement('div');
    banner.className = 'cc-window cc-invisible';
    win.document.body.appendChild(banner);
    const started = Date.now();
    // As Osano's cookieconsent does: the popup is marked open a little after it is shown.
    const opened = new Promise<number>((resolve) =>
      setTimeout(() => {
        banner.className = 'cc-window';
        resolve(Date.now());
      }, 60),
    );
    await whenSettled(win as unknown as SettleWindow, 100, 2000);
    const settledAt = Date.now();
    expect(banner.className).toBe('cc-window');
    expect(settledAt - (await opened)).toBeGreaterThanOrEqual(90);
    expect(settledAt - started).toBeLessThan(1900); // not the cap
    await win.happyDOM.close();
  });

  it('answers anyway on a page that never stops changing', async () => {
    const win = new Window();
    const clock = win.document.createElement('span');
    win.document.body.appendChild(clock);
    const ticking = setInterval(() => (clock.textContent = String(Date.now())), 20);
    const started = Date.now();
    await whenSettled(win as unknown as SettleWindow, 100, 400);
    clearInterval(ticking);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    await win.happyDOM.close();
  });
});
