/**
 * Message handling. Content scripts may only add observations (placements, typed values) for their
 * own tab; consent and erasure come only from the extension's own pages.
 */
import { browser, type Browser } from 'wxt/browser';
import { validateContentMessage, validateControlMessage, type ControlMessage } from '../../utils/messages';
import { loadPolicy, savePolicy } from '../../utils/consent-store';
import { applyConsentChange } from '../../utils/consent/changes';
import type { ConsentPolicy } from '../../utils/consent/model';
import { effectiveConsent, shouldHidePlacements } from '../../utils/consent/policy';
import type { LedgerDb } from '../../utils/ledger/db';
import type { LedgerWriter } from '../../utils/ledger/writer';
import { toPlacementRecords } from '../../utils/ledger/rows';
import { siteOfUrl } from '../../utils/recipient/site';
import type { RequestObserver } from './observer';
import type { Enforcer } from './enforcement';
import type { Classifier } from '../../utils/classify';
import { scoreProbeReport } from '../../utils/probes/score';
import { domTrackerRecord, domTrackerToFlow, probeScriptRecord, probeVerdictToFlow } from '../../utils/probes/to-flows';

/** Holds the current policy; changes are serialized, stored, then enforced. */
export class PolicyKeeper {
  private current: Promise<ConsentPolicy>;
  readonly ready: Promise<unknown>;

  constructor(
    private readonly ledger: LedgerDb,
    private readonly enforce: (policy: ConsentPolicy) => Promise<void>,
  ) {
    this.current = loadPolicy(ledger);
    this.ready = this.current
      .then(enforce)
      .catch((error) => console.error('ShareLedger: enforcing consent failed', error));
  }

  get policy(): Promise<ConsentPolicy> {
    return this.current;
  }

  /** Applies a change: stored, then enforced. */
  update(change: (policy: ConsentPolicy) => ConsentPolicy): Promise<ConsentPolicy> {
    return this.enqueue(async (policy) => {
      const updated = change(policy);
      await savePolicy(this.ledger, updated);
      return updated;
    });
  }

  reapply(): Promise<ConsentPolicy> {
    return this.enqueue(async (policy) => policy);
  }

  /** After an import or erase changed the stored consent: enforce what is stored now. */
  reload(): Promise<ConsentPolicy> {
    return this.enqueue(() => loadPolicy(this.ledger));
  }

  private enqueue(next: (policy: ConsentPolicy) => Promise<ConsentPolicy>): Promise<ConsentPolicy> {
    const result = this.current.then(async (policy) => {
      const updated = await next(policy);
      await this.enforce(updated);
      return updated;
    });
    // A failed change leaves the previous policy in force.
    this.current = result.catch(() => this.current);
    return result;
  }
}

interface HandlerDeps {
  ledger: LedgerDb;
  classifier: Promise<Classifier>;
  enforcer: Promise<Enforcer>;
  writer: LedgerWriter;
  observer: RequestObserver;
  policies: PolicyKeeper;
}

export function createMessageHandler(deps: HandlerDeps) {
  const extensionOrigin = new URL(browser.runtime.getURL('/' as '/popup.html')).origin;
  return (raw: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id) return undefined;
    const fromExtensionPage = !!sender.url && new URL(sender.url).origin === extensionOrigin;
    if (fromExtensionPage) return handleControl(deps, raw);
    if (sender.tab?.id !== undefined && sender.tab.url)
      return handleContent(deps, raw, sender.tab.id, sender.tab.url, sender.url ?? sender.tab.url);
    return undefined;
  };
}

async function handleContent(
  deps: HandlerDeps,
  raw: unknown,
  tabId: number,
  tabUrl: string,
  pageUrl: string,
): Promise<unknown> {
  const result = validateContentMessage(raw);
  if (!result.ok) return { ok: false, error: result.error };
  const message = result.value;
  const site = siteOfUrl(tabUrl);
  switch (message.type) {
    case 'placements-found':
      for (const record of toPlacementRecords(message.placements, { site, pageUrl, ts: Date.now() }))
        void deps.writer.observePlacement(record);
      return { ok: true };
    case 'typed-values':
      deps.observer.typedByTab.set(tabId, { ...deps.observer.typedByTab.get(tabId), ...message.typed });
      return { ok: true };
    case 'page-settings': {
      const policy = await deps.policies.policy;
      // cmpConsent: the choices cookie banners are answered from (none while enforcement is paused).
      const cmpConsent = policy.paused ? null : effectiveConsent(policy, site);
      return { ok: true, hidePlacements: shouldHidePlacements(policy, site), cmpConsent };
    }
    case 'probe-report': {
      const classify = await deps.classifier;
      const ts = Date.now();
      for (const verdict of scoreProbeReport(message.report)) {
        const identity = classify(probeScriptRecord(verdict, pageUrl));
        const flow = probeVerdictToFlow(verdict, identity, { pageUrl, ts });
        if (flow) void deps.writer.observeFlow(flow);
      }
      return { ok: true };
    }
    case 'dom-trackers': {
      // Scripts, pixels and frames from other hosts seen in the page; only known trackers are kept,
      // marked with what our rules do to them (the element stays in the DOM when its request is blocked).
      const [classify, enforcer] = await Promise.all([deps.classifier, deps.enforcer]);
      const ts = Date.now();
      const initiator = new URL(pageUrl).origin;
      for (const tracker of message.trackers) {
        const record = domTrackerRecord(tracker, pageUrl);
        const { action } = enforcer.outcome({
          url: tracker.url,
          type: record.type,
          initiator,
          top: pageUrl,
          method: 'GET',
        });
        const flow = domTrackerToFlow(tracker, classify(record), { pageUrl, ts, action });
        if (flow) void deps.writer.observeFlow(flow);
      }
      return { ok: true };
    }
    case 'open-controls': {
      const getURL = browser.runtime.getURL as (path: string) => string;
      await browser.tabs.create({ url: getURL(`/popup.html?site=${encodeURIComponent(site)}`) });
      return { ok: true };
    }
  }
}

async function handleControl(deps: HandlerDeps, raw: unknown): Promise<unknown> {
  const result = validateControlMessage(raw);
  if (!result.ok) return { ok: false, error: result.error };
  const message: ControlMessage = result.value;
  try {
    switch (message.type) {
      case 'consent':
        await deps.policies.update((p) => applyConsentChange(p, message.change));
        break;
      case 'forget-retailer':
        return { ok: true, result: await deps.writer.forgetRetailer(message.site) };
      case 'erase-everything':
        // Erasing also clears the consent rows: the defaults apply again, and are enforced.
        await deps.writer.eraseEverything();
        await deps.policies.reload();
        break;
      case 'consent-reload':
        await deps.policies.reload();
        break;
      case 'ledger-status':
        return { ok: true, status: deps.writer.ledgerStatus };
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}
