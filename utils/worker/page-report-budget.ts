/**
 * A bound on the rows a page can add by reporting them itself (probe findings, DOM-seen trackers).
 * What a page says may be invented: one that reloads itself in a loop, or forges thousands of
 * reports, adds at most PER_PAGE rows per page address and PER_SITE rows per shop each minute.
 */
export const PAGE_REPORT_LIMITS = { perPage: 40, perSite: 120, windowMs: 60_000 } as const;

export class PageReportBudget {
  private windowStart = -Infinity;
  private readonly perPage = new Map<string, number>();
  private readonly perSite = new Map<string, number>();

  constructor(
    private readonly limits: { perPage: number; perSite: number; windowMs: number } = PAGE_REPORT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one row from the budget of this page and shop; false when either is spent. */
  take(site: string, pageUrl: string): boolean {
    const now = this.now();
    if (now - this.windowStart >= this.limits.windowMs) {
      this.windowStart = now;
      this.perPage.clear();
      this.perSite.clear();
    }
    const page = this.perPage.get(pageUrl) ?? 0;
    const shop = this.perSite.get(site) ?? 0;
    if (page >= this.limits.perPage || shop >= this.limits.perSite) return false;
    this.perPage.set(pageUrl, page + 1);
    this.perSite.set(site, shop + 1);
    return true;
  }
}
