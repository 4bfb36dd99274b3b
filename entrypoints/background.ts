/**
 * The background worker: observes requests, classifies them and keeps the ledger.
 * Thin wiring only; the logic lives in utils/.
 */
import { browser } from 'wxt/browser';
import { createClassifier, type Classifier } from '../utils/classify';
import { loadTrackerDb } from '../utils/trackerdb';
import { openLedger } from '../utils/ledger/db';
import { appendToLedger } from '../utils/ledger/write';
import { siteOfUrl } from '../utils/recipient/site';
import { toRequestRecord, type WebRequestDetails } from '../utils/webrequest';
import { validateContentMessage } from '../utils/messages';
import { toFlow, toPlacementRecords } from '../utils/ledger/rows';
import type { Flow, PlacementRecord, TypedValues } from '../utils/model';

const FLUSH_EVERY_MS = 250;

export default defineBackground(() => {
  const ledger = openLedger();
  /** Top-level document URL per tab: decides the retailer of every request in the tab. */
  const tabPages = new Map<number, string>();
  /** Values the shopper typed, per tab, in memory only: used to find leaks, never stored. */
  const typedByTab = new Map<number, TypedValues>();
  const pendingFlows: Flow[] = [];
  const pendingPlacements: PlacementRecord[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | undefined;

  const classifierReady: Promise<Classifier> = loadEngine()
    .then((bytes) => loadTrackerDb(bytes))
    .then((trackerDb) => createClassifier({ trackerDb }))
    .catch((error) => {
      console.warn('ShareLedger: tracker database unavailable, using our registry only', error);
      return createClassifier();
    });

  function scheduleFlush() {
    flushTimer ??= setTimeout(() => {
      flushTimer = undefined;
      const flows = pendingFlows.splice(0);
      const placements = pendingPlacements.splice(0);
      appendToLedger(ledger, flows, placements).catch((error) => console.error('ShareLedger: ledger write failed', error));
    }, FLUSH_EVERY_MS);
  }

  async function pageUrlOf(details: WebRequestDetails): Promise<string | undefined> {
    if (details.type === 'main_frame') return details.url;
    const known = tabPages.get(details.tabId);
    if (known) return known;
    // The worker may have been restarted and lost its map: ask the browser.
    const tab = await browser.tabs.get(details.tabId).catch(() => undefined);
    if (tab?.url) tabPages.set(details.tabId, tab.url);
    return tab?.url;
  }

  async function observe(details: WebRequestDetails) {
    if (details.tabId < 0) return; // the browser's own traffic, not a retailer's
    if (details.type === 'main_frame') tabPages.set(details.tabId, details.url);
    const pageUrl = await pageUrlOf(details);
    if (!pageUrl || !/^https?:/.test(pageUrl)) return;
    const classify = await classifierReady;
    const record = toRequestRecord(details, pageUrl);
    record.typed = typedByTab.get(details.tabId);
    const classified = classify(record);
    const flow = toFlow(classified, { key: `${details.requestId}@${Math.round(details.timeStamp)}`, ts: Math.round(details.timeStamp) });
    if (!flow) return;
    pendingFlows.push(flow);
    scheduleFlush();
  }

  browser.webRequest.onBeforeRequest.addListener(
    (details) => {
      void observe(details as WebRequestDetails);
      return undefined;
    },
    { urls: ['http://*/*', 'https://*/*'] },
    ['requestBody'],
  );

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) tabPages.set(tabId, change.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    tabPages.delete(tabId);
    typedByTab.delete(tabId);
  });

  browser.runtime.onMessage.addListener((raw, sender) => {
    // Only our own content scripts in a tab may report, and only observations.
    if (sender.id !== browser.runtime.id || !sender.tab?.id || !sender.tab.url) return undefined;
    const result = validateContentMessage(raw);
    if (!result.ok) return Promise.resolve({ ok: false, error: result.error });
    const message = result.value;
    const pageUrl = sender.url ?? sender.tab.url;
    if (message.type === 'placements-found') {
      pendingPlacements.push(...toPlacementRecords(message.placements, { site: siteOfUrl(sender.tab.url), pageUrl, ts: Date.now() }));
      scheduleFlush();
    } else if (message.type === 'typed-values') {
      typedByTab.set(sender.tab.id, { ...typedByTab.get(sender.tab.id), ...message.typed });
    } else if (message.type === 'open-controls') {
      const getURL = browser.runtime.getURL as (path: string) => string;
      void browser.tabs.create({ url: getURL(`/popup.html?site=${encodeURIComponent(siteOfUrl(sender.tab.url))}`) });
    }
    return Promise.resolve({ ok: true });
  });
});

async function loadEngine(): Promise<Uint8Array> {
  // Copied in by a build hook (wxt.config.ts), so WXT's typed public paths do not list it.
  const getURL = browser.runtime.getURL as (path: string) => string;
  const response = await fetch(getURL('/trackerdb.engine'));
  return new Uint8Array(await response.arrayBuffer());
}
