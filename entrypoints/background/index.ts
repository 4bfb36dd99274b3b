/**
 * The background worker: wires browser events to the request observer, the ledger writer, the
 * consent enforcer and the message router. Only wiring; the logic lives in utils/worker/.
 */
import { browser } from 'wxt/browser';
import { createClassifier, type Classifier } from '../../utils/classify';
import { loadTrackerDataInStages, TRACKER_DATA_FILES, type TrackerData } from '../../utils/tracker-data';
import { openLedger } from '../../utils/ledger/db';
import { recordBannerAnswer } from '../../utils/ledger/banners';
import { LedgerWriter } from '../../utils/ledger/writer';
import { storageAreaJournal } from '../../utils/ledger/journal';
import { applyRetentionIfDue } from '../../utils/ledger/retention';
import { openRedactor } from '../../utils/ledger/secret';
import type { Redactor } from '../../utils/ledger/redact';
import { hasStoredDefaults, loadPolicy, savePolicy } from '../../utils/consent-store';
import { browserPlatform, onAlarm, onBeforeRequest, onMessage, onRequestBlocked } from '../../utils/platform';
import { Enforcer } from '../../utils/worker/enforcer';
import { FIRST_RUN_RULESET } from '../../utils/consent/first-run-rules';
import { RequestObserver } from '../../utils/worker/observer';
import { StagedClassifier } from '../../utils/worker/staged-classifier';
import { PolicyKeeper } from '../../utils/worker/policy-keeper';
import { knownRecipients } from '../../utils/worker/recipients';
import { createMessageRouter } from '../../utils/worker/router';
import { contentHandlers, controlHandlers } from '../../utils/worker/handlers';
import { sessionNonce } from '../../utils/worker/session';
import { handleInstalled } from '../../utils/worker/first-run';
import { PAUSE_ALARM, PauseTimer } from '../../utils/worker/pause-timer';
import { TabBadges } from '../../utils/worker/tab-badges';
import { enforcementPaused } from '../../utils/consent/policy';
import type { ConsentPolicy } from '../../utils/consent/model';
import { siteOfUrl } from '../../utils/recipient/site';
import { markFirstSettled, markOnce, WORKER_MARKS } from '../../utils/worker-timing';
import type { BannerReport } from '../../utils/consent/cmp/report';
import type { IndexedCMPRuleset } from '@duckduckgo/autoconsent';
import compactRules from '@duckduckgo/autoconsent/rules/compact-rules.json';
import optInSteps from 'virtual:autoconsent-opt-in';
import { autoconsentRuleSource } from '../../utils/consent/cmp/autoconsent';

export default defineBackground(() => {
  markOnce(WORKER_MARKS.scriptRun);
  const platform = browserPlatform();
  const ledger = openLedger();
  // Every row is redacted before it is stored (journal included), with this install's secret.
  let redactor: Promise<Redactor> | undefined;
  const ledgerRedactor = () => (redactor ??= openRedactor(ledger));
  const writer = new LedgerWriter(ledger, storageAreaJournal(platform.session), { openRedactor: ledgerRedactor });
  void writer
    .recover()
    .then(() => applyRetentionIfDue(ledger))
    .catch((error) => console.error('ShareLedger: journal recovery or retention failed', error));

  // Host data first, the lists beside it: a request only the lists could name waits for them.
  const trackerData = loadTrackerDataInStages(
    {
      trackerDb: () => loadAsset(platform.runtime.getURL(`/${TRACKER_DATA_FILES.trackerDb}`)),
      trackerLists: () => loadAsset(platform.runtime.getURL(`/${TRACKER_DATA_FILES.trackerLists}`)),
    },
    (message) => console.warn(`ShareLedger: ${message}`),
  );
  // The wake bench reads these marks: start → tracker data → first request classified.
  const classifierOf = ({ trackerDb, trackerLists }: TrackerData) => createClassifier({ trackerDb, trackerLists });
  const hostDataClassifier = trackerData.hostData.then((data) => {
    markOnce(WORKER_MARKS.hostDataLoaded);
    return classifierOf(data);
  });
  const classifier: Promise<Classifier> = trackerData.all.then((data) => {
    markOnce(WORKER_MARKS.trackerDataLoaded);
    return classifierOf(data);
  });
  const staged = new StagedClassifier(hostDataClassifier, classifier);
  const classifyAtWake = markFirstSettled(staged.classify, WORKER_MARKS.firstClassified);

  const enforcer = new Enforcer(platform, async () =>
    JSON.parse(new TextDecoder().decode(await loadAsset(platform.runtime.getURL(`/${FIRST_RUN_RULESET.path}`)))),
  );
  // The policy in force, for the badge's synchronous "is this shop paused?".
  let enforced: ConsentPolicy | undefined;
  const badges = new TabBadges({
    badge: platform.badge,
    session: platform.session,
    isPaused: (site) => !!enforced && enforcementPaused(enforced, site),
    title: (count, paused) =>
      browser.i18n.getMessage(paused ? 'action_titlePaused' : 'action_title', [String(count)]) || 'ShareLedger',
  });
  const policies = new PolicyKeeper(
    { load: () => loadPolicy(ledger), save: (p) => savePolicy(ledger, p) },
    async (policy) => {
      const { recipients, retailers } = await knownRecipients(ledger);
      const compiled = await enforcer.apply(policy, recipients, retailers);
      for (const warning of compiled.warnings) console.warn('ShareLedger rules:', warning);
      enforced = policy;
      pauseTimer.schedule(policy);
      badges.pausesChanged();
    },
  );
  // Shop pauses end by themselves: at their alarm, and at every worker start for those that ended meanwhile.
  const pauseTimer = new PauseTimer({ alarms: platform.alarms, policies });
  onAlarm(PAUSE_ALARM, () => void pauseTimer.endDuePauses().catch((e) => console.error('ShareLedger: pause end', e)));
  void policies.ready.then(() => pauseTimer.endDuePauses()).catch(() => undefined);
  void policies.ready.then(() => markOnce(WORKER_MARKS.policyEnforced));
  // Requests are recorded with what the installed rules do as soon as the browser names them; the
  // policy compiled from the ledger replaces them when it is ready.
  const enforcerReady = enforcer
    .adoptInstalled()
    .catch((error) => console.error('ShareLedger: reading the installed rules failed', error))
    .then(() => {
      markOnce(WORKER_MARKS.enforcerReady);
      return enforcer;
    });

  let recompileTimer: ReturnType<typeof setTimeout> | undefined;
  const observer = new RequestObserver({
    classifier: Promise.resolve(classifyAtWake),
    writer,
    enforcer: enforcerReady,
    sessionNonce: sessionNonce(platform.session),
    tabUrl: platform.tabs.urlOf,
    bodyVeto: import.meta.env.FIREFOX ? () => policies.policy : undefined,
    // A recipient seen for the first time may fall under a revoked category: recompile, debounced.
    onNewRecipient: () => {
      clearTimeout(recompileTimer);
      recompileTimer = setTimeout(() => void policies.reapply().catch(() => undefined), 1000);
    },
    // Blocked requests never reached their recipient: the badge counts those that did.
    onFlow: (tabId, flow) => {
      if (flow.action !== 'blocked') void badges.reached(tabId, flow.site, flow.recipientSite);
    },
  });

  // Firefox can hold a request while its body is read (blocking webRequest); Chrome MV3 only observes.
  const holdsRequests = import.meta.env.FIREFOX;
  onBeforeRequest((details) => {
    if (details.type === 'main_frame' && details.tabId >= 0) badges.navigated(details.tabId, siteOfUrl(details.url));
    const cancel = observer.observe(details).catch((error) => {
      console.error('ShareLedger: observe failed', error);
      return false;
    });
    return holdsRequests ? cancel.then((yes) => (yes ? { cancel: true } : {})) : undefined;
  }, holdsRequests);
  // Requests our rules blocked still belong in the ledger, marked blocked.
  onRequestBlocked((details) => void observer.observe(details, true));

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) observer.tabNavigated(tabId, change.url);
    // Firefox resets a tab's badge when its page changes: show ours again once it has loaded.
    if (change.status === 'complete') badges.refresh(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    observer.forgetTab(tabId);
    badges.forget(tabId);
  });

  // Registered at once, as MV3 requires: install opens the onboarding page, update keeps choices.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void handleInstalled(reason, {
      local: platform.local,
      defaultsStored: () => hasStoredDefaults(ledger),
      policies,
      platform,
    }).catch((error) => console.error('ShareLedger: first-run set-up failed', error));
  });

  // A banner report comes from the page: its strings are redacted as every stored row's are.
  const banners = {
    record: async (site: string, report: BannerReport) =>
      recordBannerAnswer(ledger, site, (await ledgerRedactor()).row(report)),
  };
  // autoconsent's rules, bundled at build time: only those that can apply to the page are sent to it.
  const rulesForPage = autoconsentRuleSource(compactRules as unknown as IndexedCMPRuleset, optInSteps);
  const handlerDeps = {
    classifier,
    enforcer: enforcerReady,
    writer,
    observer,
    policies,
    banners,
    autoconsentRules: rulesForPage,
    platform,
  };
  onMessage(
    createMessageRouter({
      runtime: platform.runtime,
      content: contentHandlers(handlerDeps),
      control: controlHandlers(handlerDeps),
    }),
  );
});

/** A file packaged in the extension (copied in by a build hook, see wxt.config.ts). */
async function loadAsset(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
