/**
 * Observes every request of every tab: charges it to the tab's retailer, classifies it, notes what
 * enforcement did to it and hands the resulting flow to the durable ledger writer. On Firefox, whose
 * blocking webRequest holds a request while its body is read, it also says when a tracker request's
 * body carries a category revoked on that shop, so the request is cancelled (the body veto).
 */
import type { Classifier } from '../classify';
import { revokedInBody } from '../consent/body-veto';
import type { ConsentPolicy } from '../consent/model';
import { toFlow } from '../ledger/rows';
import type { ClassifiedRequest, Flow, RequestRecord, TypedValues } from '../model';
import { toRequestRecord, type WebRequestDetails } from '../webrequest';
import type { RequestOutcome, RequestToSimulate } from './enforcer';

const RECENT_REQUESTS = 2048;

export interface ObserverDeps {
  /** Synchronous, or asynchronous while the worker wakes (StagedClassifier). */
  classifier: Promise<Classifier | ((record: RequestRecord) => Promise<ClassifiedRequest>)>;
  /** Where acknowledged flows go (the durable ledger writer). */
  writer: { observeFlow(flow: Flow): Promise<boolean> };
  enforcer: Promise<{ outcome(request: RequestToSimulate): RequestOutcome }>;
  /** Distinguishes browser sessions: Chrome restarts request ids at every browser start. */
  sessionNonce: Promise<string>;
  /** The URL a tab shows, asked of the browser when the worker has not seen the tab's page load. */
  tabUrl(tabId: number): Promise<string | undefined>;
  onNewRecipient(site: string): void;
  /** Each flow recorded for a tab (the toolbar badge counts the recipients that received data). */
  onFlow?(tabId: number, flow: Flow): void;
  /** Firefox only: the policy, to cancel tracker requests whose body carries a revoked category. */
  bodyVeto?: () => Promise<ConsentPolicy>;
}

export class RequestObserver {
  /** Top-level document URL per tab: decides the retailer of every request in the tab. */
  readonly tabPages = new Map<number, string>();
  /** Values the shopper typed, per tab, in memory only: used to find leaks, never stored. */
  readonly typedByTab = new Map<number, TypedValues>();
  private readonly recent = new Set<string>();
  private readonly recipientsSeen = new Set<string>();
  /** Requests being observed (waiting for the classifier at start-up, or classified) and who waits for none. */
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(private readonly deps: ObserverDeps) {}

  private async pageUrlOf(details: WebRequestDetails): Promise<string | undefined> {
    if (details.type === 'main_frame') return details.url;
    const known = this.tabPages.get(details.tabId);
    if (known) return known;
    // The worker may have been stopped and restarted since the page loaded: ask the browser.
    const url = await this.deps.tabUrl(details.tabId);
    if (url && !this.tabPages.has(details.tabId)) this.tabPages.set(details.tabId, url);
    return this.tabPages.get(details.tabId) ?? url;
  }

  /** A request id is observed once: redirects (stripped parameters) and block errors repeat it. */
  private firstTime(requestId: string): boolean {
    if (this.recent.has(requestId)) return false;
    this.recent.add(requestId);
    if (this.recent.size > RECENT_REQUESTS) this.recent.delete(this.recent.values().next().value!);
    return true;
  }

  /** Records the request; resolves true when it must be cancelled (Firefox body veto). */
  async observe(details: WebRequestDetails, blocked = false): Promise<boolean> {
    this.inFlight++;
    try {
      return await this.record(details, blocked);
    } finally {
      if (--this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  /** Resolves once every request observed so far has been handed to the writer (or found to carry nothing). */
  settled(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private async record(details: WebRequestDetails, blocked: boolean): Promise<boolean> {
    if (details.tabId < 0) return false; // the browser's own traffic, not a retailer's
    if (details.type === 'main_frame') this.tabPages.set(details.tabId, details.url);
    if (!this.firstTime(details.requestId)) return false;
    const pageUrl = await this.pageUrlOf(details);
    if (!pageUrl || !/^https?:/.test(pageUrl)) return false;
    const [classify, enforcer, nonce] = await Promise.all([
      this.deps.classifier,
      this.deps.enforcer,
      this.deps.sessionNonce,
    ]);

    const outcome: RequestOutcome = blocked
      ? { action: 'blocked', sentUrl: details.url }
      : enforcer.outcome({
          url: details.url,
          type: details.type,
          initiator: details.initiator,
          top: pageUrl,
          method: details.method,
        });
    const record = toRequestRecord({ ...details, url: outcome.sentUrl }, pageUrl);
    record.typed = this.typedByTab.get(details.tabId);
    const classified = await classify(record);
    const veto =
      !blocked && record.requestBody && this.deps.bodyVeto
        ? revokedInBody(classified, await this.deps.bodyVeto()).length > 0
        : false;
    const ts = Math.round(details.timeStamp);
    const flow = toFlow(classified, { key: `${nonce}:${details.requestId}`, ts });
    if (!flow) return veto;
    flow.action = veto ? 'blocked' : outcome.action;
    flow.provenance = 'network';
    if (outcome.sentUrl !== details.url) flow.url = outcome.sentUrl;
    if (!this.recipientsSeen.has(flow.recipientSite)) {
      this.recipientsSeen.add(flow.recipientSite);
      this.deps.onNewRecipient(flow.recipientSite);
    }
    // Not awaited: a held request (Firefox) must not wait for the journal.
    void this.deps.writer.observeFlow(flow);
    this.deps.onFlow?.(details.tabId, flow);
    return veto;
  }

  /** The top-level page a tab now shows (tabs.onUpdated). */
  tabNavigated(tabId: number, url: string): void {
    this.tabPages.set(tabId, url);
  }

  /** Adds values the shopper typed in a tab (kept in memory only). */
  noteTyped(tabId: number, typed: TypedValues): void {
    this.typedByTab.set(tabId, { ...this.typedByTab.get(tabId), ...typed });
  }

  forgetTab(tabId: number): void {
    this.tabPages.delete(tabId);
    this.typedByTab.delete(tabId);
  }
}
