import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, TabBadges } from '../../../utils/worker/tab-badges';
import { fakeBrowser } from './fake-browser';

const SHOP = 'demo-store.test';

function setUp(browser = fakeBrowser(), paused = new Set<string>()) {
  const badges = new TabBadges({
    badge: browser.badge,
    session: browser.session,
    isPaused: (site) => paused.has(site),
    title: (count, isPaused) => `${isPaused ? 'paused ' : ''}${count}`,
  });
  return { browser, badges, paused };
}

describe('toolbar badge', () => {
  it('counts the recipients that received data from the tab, per tab, each once', async () => {
    const { browser, badges } = setUp();
    badges.navigated(1, SHOP);
    badges.navigated(2, 'other-shop.test');
    await badges.reached(1, SHOP, 'facebook.com');
    await badges.reached(1, SHOP, 'facebook.com');
    await badges.reached(1, SHOP, 'google-analytics.com');
    await badges.reached(2, 'other-shop.test', 'criteo.com');
    expect(browser.badges.get(1)).toEqual({ text: '2', color: BADGE_COLORS.counting, title: '2' });
    expect(browser.badges.get(2)?.text).toBe('1');
  });

  it('tells the browser only when what it shows changes', async () => {
    const { browser, badges } = setUp();
    badges.navigated(1, SHOP);
    const afterNavigation = browser.badgeCalls;
    for (let i = 0; i < 50; i++) await badges.reached(1, SHOP, 'facebook.com');
    expect(browser.badgeCalls - afterNavigation).toBe(3); // text, colour, title once
    badges.pausesChanged();
    expect(browser.badgeCalls - afterNavigation).toBe(3);
  });

  it('is cleared when the tab navigates', async () => {
    const { browser, badges } = setUp();
    badges.navigated(1, SHOP);
    await badges.reached(1, SHOP, 'facebook.com');
    badges.navigated(1, SHOP);
    expect(browser.badges.get(1)?.text).toBe('');
  });

  it('shows a pause in a colour of its own, and "II" while nothing was received', async () => {
    const { browser, badges, paused } = setUp();
    badges.navigated(1, SHOP);
    paused.add(SHOP);
    badges.pausesChanged();
    expect(browser.badges.get(1)).toEqual({ text: 'II', color: BADGE_COLORS.paused, title: 'paused 0' });
    await badges.reached(1, SHOP, 'facebook.com');
    expect(browser.badges.get(1)).toEqual({ text: '1', color: BADGE_COLORS.paused, title: 'paused 1' });
    paused.delete(SHOP);
    badges.pausesChanged();
    expect(browser.badges.get(1)?.color).toBe(BADGE_COLORS.counting);
  });

  it('keeps counting after a worker restart, from storage.session', async () => {
    const first = setUp();
    first.badges.navigated(1, SHOP);
    await first.badges.reached(1, SHOP, 'facebook.com');
    await first.badges.reached(1, SHOP, 'tiktok.com');
    // A new worker: memory is gone, storage.session and the browser's badge remain.
    const second = setUp(first.browser);
    await Promise.all([second.badges.reached(1, SHOP, 'facebook.com'), second.badges.reached(1, SHOP, 'criteo.com')]);
    expect(first.browser.badges.get(1)?.text).toBe('3');
    // Not carried over to another shop's page.
    const third = setUp(first.browser);
    await third.badges.reached(1, 'other-shop.test', 'criteo.com');
    expect(first.browser.badges.get(1)?.text).toBe('1');
  });

  it('forgets a closed tab', async () => {
    const { browser, badges } = setUp();
    badges.navigated(7, SHOP);
    await badges.reached(7, SHOP, 'facebook.com');
    badges.forget(7);
    expect(browser.sessionItems.size).toBe(0);
  });
});
