/**
 * The background worker: wires browser events to the observer, the ledger writer, the consent
 * enforcer and the message handlers. Thin on purpose; the logic lives in utils/ and beside this file.
 */
import { browser } from 'wxt/browser';
import { createClassifier, type Classifier } from '../../utils/classify';
import { loadTrackerData, TRACKER_DATA_FILES } from '../../utils/tracker-data';
import { openLedger } from '../../utils/ledger/db';
import { LedgerWriter } from '../../utils/ledger/writer';
import { storageAreaJournal, type StorageAreaLike } from '../../utils/ledger/journal';
import { applyRetentionIfDue } from '../../utils/ledger/retention';
import type { WebRequestDetails } from '../../utils/webrequest';
import { Enforcer } from './enforcement';
import { RequestObserver } from './observer';
import { knownRecipients } from './recipients';
import { createMessageHandler, PolicyKeeper } from './handlers';
import { markFirstCall, markOnce, WORKER_MARKS } from '../../utils/worker-timing';

export default defineBackground(() => {
  markOnce(WORKER_MARKS.scriptRun);
  const ledger = openLedger();
  const session = browser.storage.session as unknown as StorageAreaLike;
  const writer = new LedgerWriter(ledger, storageAreaJournal(session));
  void writer
    .recover()
    .then(() => applyRetentionIfDue(ledger))
    .catch((error) => console.error('ShareLedger: journal recovery or retention failed', error));

  const classifier: Promise<Classifier> = loadTrackerData(
    {
      trackerDb: () => loadAsset(TRACKER_DATA_FILES.trackerDb),
      trackerLists: () => loadAsset(TRACKER_DATA_FILES.trackerLists),
    },
    (message) => console.warn(`ShareLedger: ${message}`),
  ).then(({ trackerDb, trackerLists }) => {
    // The wake bench reads these marks: start → tracker data → first request classified.
    markOnce(WORKER_MARKS.trackerDataLoaded);
    return markFirstCall(createClassifier({ trackerDb, trackerLists }), WORKER_MARKS.firstClassified);
  });

  const enforcer = new Enforcer();
  const policies = new PolicyKeeper(ledger, async (policy) => {
    const { recipients, retailers } = await knownRecipients(ledger);
    const compiled = await enforcer.apply(policy, recipients, retailers);
    for (const warning of compiled.warnings) console.warn('ShareLedger rules:', warning);
  });
  const enforcerReady = policies.ready.then(() => {
    markOnce(WORKER_MARKS.enforcerReady);
    return enforcer;
  });

  let recompileTimer: ReturnType<typeof setTimeout> | undefined;
  const observer = new RequestObserver({
    classifier,
    writer,
    enforcer: enforcerReady,
    sessionNonce: sessionNonce(session),
    // A recipient seen for the first time may fall under a revoked category: recompile, debounced.
    bodyVeto: import.meta.env.FIREFOX ? () => policies.policy : undefined,
    onNewRecipient: () => {
      clearTimeout(recompileTimer);
      recompileTimer = setTimeout(() => void policies.reapply(), 1000);
    },
  });

  const filter = { urls: ['http://*/*', 'https://*/*'] };
  // Firefox can hold a request while its body is read (blocking webRequest); Chrome MV3 only observes.
  const holdsRequests = import.meta.env.FIREFOX;
  // Firefox accepts a Promise of the blocking response; the Chrome-derived types do not say so.
  const onBeforeRequest = browser.webRequest.onBeforeRequest as unknown as {
    addListener(
      listener: (details: WebRequestDetails) => Promise<{ cancel?: boolean }> | undefined,
      filter: { urls: string[] },
      extra: string[],
    ): void;
  };
  onBeforeRequest.addListener(
    (details) => {
      const cancel = observer.observe(details).catch((error) => {
        console.error('ShareLedger: observe failed', error);
        return false;
      });
      return holdsRequests ? cancel.then((yes) => (yes ? { cancel: true } : {})) : undefined;
    },
    filter,
    holdsRequests ? ['blocking', 'requestBody'] : ['requestBody'],
  );
  // Requests our rules blocked still belong in the ledger, marked blocked.
  browser.webRequest.onErrorOccurred.addListener((details) => {
    if (details.error === 'net::ERR_BLOCKED_BY_CLIENT')
      void observer.observe(details as unknown as WebRequestDetails, true);
  }, filter);

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) observer.tabPages.set(tabId, change.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => observer.forgetTab(tabId));

  browser.runtime.onMessage.addListener(
    createMessageHandler({ ledger, classifier, enforcer: enforcerReady, writer, observer, policies }),
  );
});

async function loadAsset(file: string): Promise<Uint8Array> {
  // Copied in by a build hook (wxt.config.ts), so WXT's typed public paths do not list it.
  const getURL = browser.runtime.getURL as (path: string) => string;
  const response = await fetch(getURL(`/${file}`));
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function sessionNonce(session: StorageAreaLike): Promise<string> {
  const stored = (await session.get('sessionNonce')).sessionNonce;
  if (typeof stored === 'string') return stored;
  const nonce = crypto.randomUUID();
  await session.set({ sessionNonce: nonce });
  return nonce;
}
