/**
 * What the worker does with each validated message. Content scripts' messages only add
 * observations (placements, typed values, probe findings, DOM-seen trackers) for their own tab;
 * control messages from the extension's pages change consent and the ledger.
 */
import type { Classifier } from '../classify';
import { applyConsentChange } from '../consent/changes';
import { bannerAnswerConsent, shouldHidePlacements } from '../consent/policy';
import { toPlacementRecords } from '../ledger/rows';
import type { LedgerWriter } from '../ledger/writer';
import type { ContentMessageType, ControlMessageType, Handlers } from '../messages';
import type { Platform } from '../platform';
import { scoreProbeReport } from '../probes/score';
import { domTrackerRecord, domTrackerToFlow, probeScriptRecord, probeVerdictToFlow } from '../probes/to-flows';
import type { Enforcer } from './enforcer';
import type { RequestObserver } from './observer';
import type { PolicyKeeper } from './policy-keeper';
import type { ContentContext } from './router';
import { validateBannerReport, type BannerReport } from '../consent/cmp/report';
import type { RuleBundle } from '@duckduckgo/autoconsent';
import { PageReportBudget } from './page-report-budget';
import type { Flow } from '../model';
import {
  autoconsentAnswer,
  autoconsentBannerReport,
  autoconsentConfig,
  type AutoconsentAnswer,
} from '../consent/cmp/autoconsent';

export interface HandlerDeps {
  classifier: Promise<Classifier>;
  enforcer: Promise<Pick<Enforcer, 'outcome'>>;
  writer: Pick<
    LedgerWriter,
    'observeFlow' | 'observePlacement' | 'forgetRetailer' | 'eraseEverything' | 'ledgerStatus' | 'settle'
  >;
  observer: Pick<RequestObserver, 'noteTyped' | 'settled'>;
  policies: Pick<PolicyKeeper, 'policy' | 'update' | 'reload'>;
  /** The ledger's record of cookie-banner answers (utils/ledger/banners.ts). */
  banners: { record(site: string, report: BannerReport): Promise<unknown> };
  /** autoconsent's bundled rules, filtered for a page (utils/consent/cmp/autoconsent.ts). */
  autoconsentRules?: (url: string, answer: AutoconsentAnswer) => RuleBundle;
  platform: { tabs: Pick<Platform['tabs'], 'open'>; runtime: Pick<Platform['runtime'], 'getURL'> };
  now?: () => number;
  /** Bounds what pages can add by reporting it themselves. */
  pageReports?: PageReportBudget;
}

export function contentHandlers(deps: HandlerDeps): Handlers<ContentMessageType, ContentContext> {
  const now = deps.now ?? Date.now;
  const budget = deps.pageReports ?? new PageReportBudget();
  /** A row the page reported: marked so, and kept only within the page's budget. */
  const observePageReported = (flow: Flow, site: string, pageUrl: string) => {
    if (!budget.take(site, pageUrl)) return;
    flow.provenance = 'page';
    void deps.writer.observeFlow(flow);
  };
  return {
    'placements-found': (message, { site, pageUrl }) => {
      for (const record of toPlacementRecords(message.placements, { site, pageUrl, ts: now() }))
        void deps.writer.observePlacement(record);
      return { ok: true };
    },
    'typed-values': (message, { tabId }) => {
      deps.observer.noteTyped(tabId, message.typed);
      return { ok: true };
    },
    'page-settings': async (_message, { site }) => {
      const policy = await deps.policies.policy;
      // cmpConsent: the choices cookie banners are answered from (none when left to the shopper or paused).
      const cmpConsent = bannerAnswerConsent(policy, site);
      return { ok: true, hidePlacements: shouldHidePlacements(policy, site), cmpConsent };
    },
    'probe-report': async (message, { pageUrl, site }) => {
      const classify = await deps.classifier;
      const ts = now();
      for (const verdict of scoreProbeReport(message.report)) {
        const identity = classify(probeScriptRecord(verdict, pageUrl));
        const flow = probeVerdictToFlow(verdict, identity, { pageUrl, ts });
        if (flow) observePageReported(flow, site, pageUrl);
      }
      return { ok: true };
    },
    'dom-trackers': async (message, { pageUrl, site }) => {
      // Scripts, pixels and frames from other hosts seen in the page; only known trackers are kept,
      // marked with what our rules do to them (the element stays in the DOM when its request is blocked).
      const [classify, enforcer] = await Promise.all([deps.classifier, deps.enforcer]);
      const ts = now();
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
        if (flow) observePageReported(flow, site, pageUrl);
      }
      return { ok: true };
    },
    'banner-report': async (message, { site }) => {
      if (site) await deps.banners.record(site, message.report);
      return { ok: true };
    },
    autoconsent: async ({ message }, { site }) => {
      if (message.type === 'init') {
        const policyConsent = bannerAnswerConsent(await deps.policies.policy, site);
        const consent = deps.autoconsentRules ? policyConsent : null;
        const config = autoconsentConfig(consent);
        if (!consent || !deps.autoconsentRules)
          return { ok: true, forward: { type: 'initResp', config, rules: { autoconsent: [] } } };
        const answer = autoconsentAnswer(consent);
        const rules = deps.autoconsentRules(message.url, answer);
        return { ok: true, forward: { type: 'initResp', config, rules }, answer };
      }
      // Rules that need code run in the page are not supported: the extension runs no rule code there.
      if (message.type === 'eval') return { ok: true, forward: { type: 'evalResp', id: message.id, result: false } };
      const report = autoconsentBannerReport(message);
      // Rule names are autoconsent's; checked as any banner report is before it reaches the ledger.
      if (report && site && validateBannerReport(report).ok) await deps.banners.record(site, report);
      return { ok: true };
    },
    'open-controls': async (_message, { site }) => {
      await deps.platform.tabs.open(deps.platform.runtime.getURL(`/popup.html?site=${encodeURIComponent(site)}`));
      return { ok: true };
    },
  };
}

export function controlHandlers(deps: HandlerDeps): Handlers<ControlMessageType, undefined> {
  return {
    consent: async (message) => {
      await deps.policies.update((policy) => applyConsentChange(policy, message.change));
      return { ok: true };
    },
    'forget-retailer': async (message) => ({ ok: true, result: await deps.writer.forgetRetailer(message.site) }),
    'erase-everything': async () => {
      // Erasing also clears the consent rows: the defaults apply again, and are enforced.
      await deps.writer.eraseEverything();
      await deps.policies.reload();
      return { ok: true };
    },
    'consent-reload': async () => {
      await deps.policies.reload();
      return { ok: true };
    },
    'ledger-status': () => ({ ok: true, status: deps.writer.ledgerStatus }),
    'flush-ledger': async () => {
      // Requests still being classified first (at start-up they wait for the tracker data), then the
      // journal and IndexedDB: what a page sent before this message is then in the ledger.
      await deps.observer.settled();
      await deps.writer.settle();
      return { ok: true, status: deps.writer.ledgerStatus };
    },
  };
}
