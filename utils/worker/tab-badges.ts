/**
 * The toolbar button's badge, per tab: how many recipients received data from the page the tab
 * shows (requests that left the browser, blocked ones excepted), reset when the tab navigates, and
 * a distinct colour with "II" while the shop is paused. The browser is told only when what it shows
 * changes. The count survives a worker restart in storage.session.
 */
import type { StorageAreaLike } from '../ledger/journal';
import type { ActionBadgeApi } from '../platform';

export const BADGE_COLORS = { counting: '#1d3557', paused: '#b45309' } as const;
const STORED_PREFIX = 'tab-badge:';

interface TabState {
  site: string;
  recipients: Set<string>;
  /** What the badge shows now, so unchanged renders are skipped. */
  shown?: string;
}

interface StoredTab {
  site: string;
  recipients: string[];
}

export interface TabBadgeDeps {
  badge: ActionBadgeApi;
  session: StorageAreaLike;
  /** Whether enforcement is paused on a shop right now. */
  isPaused(site: string): boolean;
  /** The button's tooltip for a count (and a pause). */
  title(count: number, paused: boolean): string;
}

export class TabBadges {
  private readonly tabs = new Map<number, TabState>();
  private readonly restoring = new Map<number, Promise<TabState>>();

  constructor(private readonly deps: TabBadgeDeps) {}

  /** The tab loads a new page (its main_frame request): the count starts again for that shop. */
  navigated(tabId: number, site: string): void {
    this.restoring.delete(tabId);
    this.tabs.set(tabId, { site, recipients: new Set() });
    void this.deps.session.remove(STORED_PREFIX + tabId);
    this.render(tabId);
  }

  /** A recipient received data from the tab's page (site: the tab's retailer). */
  async reached(tabId: number, site: string, recipientSite: string): Promise<void> {
    const tab = this.tabs.get(tabId) ?? (await this.restore(tabId, site));
    if (tab.recipients.has(recipientSite)) return;
    tab.recipients.add(recipientSite);
    const stored: StoredTab = { site: tab.site, recipients: [...tab.recipients] };
    void this.deps.session.set({ [STORED_PREFIX + tabId]: stored });
    this.render(tabId);
  }

  /** Shows the badge again, e.g. after the browser reset the tab's values on navigation. */
  refresh(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    tab.shown = undefined;
    this.render(tabId);
  }

  /** A pause began or ended somewhere: each tab's badge follows its shop. */
  pausesChanged(): void {
    for (const tabId of this.tabs.keys()) this.render(tabId);
  }

  forget(tabId: number): void {
    this.tabs.delete(tabId);
    this.restoring.delete(tabId);
    void this.deps.session.remove(STORED_PREFIX + tabId);
  }

  /** After a worker restart: the count this tab's page had, if it is still the same shop's. */
  private restore(tabId: number, site: string): Promise<TabState> {
    let pending = this.restoring.get(tabId);
    if (!pending) {
      pending = this.deps.session.get(STORED_PREFIX + tabId).then((items) => {
        const known = this.tabs.get(tabId);
        if (known) return known;
        const stored = items[STORED_PREFIX + tabId] as StoredTab | undefined;
        const recipients = stored?.site === site && Array.isArray(stored.recipients) ? stored.recipients : [];
        const tab: TabState = { site, recipients: new Set(recipients.filter((r) => typeof r === 'string')) };
        this.tabs.set(tabId, tab);
        return tab;
      });
      this.restoring.set(tabId, pending);
    }
    return pending;
  }

  private render(tabId: number): void {
    const tab = this.tabs.get(tabId);
    if (!tab) return;
    const paused = this.deps.isPaused(tab.site);
    const count = tab.recipients.size;
    const text = count > 0 ? String(count) : paused ? 'II' : '';
    const shown = `${text}|${paused}`;
    if (tab.shown === shown) return;
    tab.shown = shown;
    const { badge } = this.deps;
    void badge.setText(tabId, text);
    void badge.setColor(tabId, paused ? BADGE_COLORS.paused : BADGE_COLORS.counting);
    void badge.setTitle(tabId, this.deps.title(count, paused));
  }
}
