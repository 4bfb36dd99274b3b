/**
 * The one typed adapter over the browser APIs the extension uses: declarativeNetRequest, scripting,
 * tabs, storage.session, runtime URLs and messages, webRequest. The polyfill's types lag behind
 * Chrome's (topDomains, world: 'MAIN', Firefox's promise of a blocking response), so this module is
 * the only place with casts on browser APIs; everything else takes the narrow interfaces below, which
 * unit tests fake.
 */
import { browser } from 'wxt/browser';
import type { DnrRule } from './consent/dnr';
import type { StorageAreaLike } from './ledger/journal';
import type { Message, MessageType, Reply } from './messages';
import type { WebRequestDetails } from './webrequest';

export interface DnrApi {
  getDynamicRules(): Promise<DnrRule[]>;
  updateDynamicRules(update: { removeRuleIds: number[]; addRules: DnrRule[] }): Promise<void>;
  /** The manifest's static rulesets in force (utils/consent/first-run-rules.ts). */
  getEnabledRulesets(): Promise<string[]>;
  updateEnabledRulesets(update: { disableRulesetIds?: string[]; enableRulesetIds?: string[] }): Promise<void>;
}

export interface RegisteredScript {
  id: string;
  js: string[];
  matches: string[];
  excludeMatches?: string[];
  runAt: 'document_start';
  world: 'MAIN';
  allFrames: boolean;
  persistAcrossSessions: boolean;
}

export interface ScriptingApi {
  getRegisteredContentScripts(): Promise<{ id: string }[]>;
  registerContentScripts(scripts: RegisteredScript[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export interface TabsApi {
  /** The URL a tab shows, or undefined when the tab is gone or has none. */
  urlOf(tabId: number): Promise<string | undefined>;
  open(url: string): Promise<void>;
}

export interface RuntimeApi {
  /** The extension's id, as message senders carry it. */
  id: string;
  /** An absolute URL of a file packaged in the extension (paths WXT does not type, too). */
  getURL(path: string): string;
  /** chrome-extension://ID or moz-extension://UUID: the origin of the extension's own pages. */
  origin: string;
}

/** Who sent a message, as runtime.onMessage describes it (only what the trust rules read). */
export interface MessageSenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

export type BlockingResponse = { cancel?: boolean };

/** alarms: wakes the worker at a time (a pause's end), even after it was stopped. */
export interface AlarmsApi {
  create(name: string, when: number): void;
  clear(name: string): Promise<unknown>;
}

/** The toolbar button's per-tab badge and tooltip (action API, Chrome and Firefox MV3). */
export interface ActionBadgeApi {
  setText(tabId: number, text: string): Promise<void>;
  setColor(tabId: number, color: string): Promise<void>;
  setTitle(tabId: number, title: string): Promise<void>;
}

export interface Platform {
  dnr: DnrApi;
  scripting: ScriptingApi;
  tabs: TabsApi;
  session: StorageAreaLike;
  /** storage.local: kept across browser sessions, outside the ledger database. */
  local: StorageAreaLike;
  alarms: AlarmsApi;
  badge: ActionBadgeApi;
  runtime: RuntimeApi;
  userAgent: string;
}

/** The real browser, through the polyfill. */
export function browserPlatform(): Platform {
  const getURL = browser.runtime.getURL as (path: string) => string;
  return {
    dnr: (browser as unknown as { declarativeNetRequest: DnrApi }).declarativeNetRequest,
    scripting: (browser as unknown as { scripting: ScriptingApi }).scripting,
    tabs: {
      urlOf: (tabId) =>
        browser.tabs.get(tabId).then(
          (tab) => tab.url,
          () => undefined,
        ),
      open: async (url) => void (await browser.tabs.create({ url })),
    },
    session: browser.storage.session as unknown as StorageAreaLike,
    local: browser.storage.local as unknown as StorageAreaLike,
    alarms: {
      create: (name, when) => void browser.alarms.create(name, { when }),
      clear: (name) => browser.alarms.clear(name),
    },
    badge: {
      // A tab closed meanwhile rejects: nothing to show any more.
      setText: (tabId, text) => browser.action.setBadgeText({ tabId, text }).catch(() => undefined),
      setColor: (tabId, color) => browser.action.setBadgeBackgroundColor({ tabId, color }).catch(() => undefined),
      setTitle: (tabId, title) => browser.action.setTitle({ tabId, title }).catch(() => undefined),
    },
    runtime: { id: browser.runtime.id, getURL, origin: getURL('/').replace(/\/$/, '') },
    userAgent: navigator.userAgent,
  };
}

/**
 * Calls listener for every http(s) request of every tab. With hold (Firefox's blocking webRequest)
 * the request waits for the listener's answer, so it can be cancelled; otherwise it is only observed.
 */
export function onBeforeRequest(
  listener: (details: WebRequestDetails) => Promise<BlockingResponse> | undefined,
  hold: boolean,
): void {
  // Firefox accepts a Promise of the blocking response; the Chrome-derived types do not say so.
  const event = browser.webRequest.onBeforeRequest as unknown as {
    addListener(
      listener: (details: WebRequestDetails) => Promise<BlockingResponse> | undefined,
      filter: { urls: string[] },
      extra: string[],
    ): void;
  };
  event.addListener(listener, HTTP_FILTER, hold ? ['blocking', 'requestBody'] : ['requestBody']);
}

/** Calls listener for requests the browser refused because a rule of an extension blocked them. */
export function onRequestBlocked(listener: (details: WebRequestDetails) => void): void {
  browser.webRequest.onErrorOccurred.addListener((details) => {
    if (details.error === 'net::ERR_BLOCKED_BY_CLIENT') listener(details as unknown as WebRequestDetails);
  }, HTTP_FILTER);
}

const HTTP_FILTER = { urls: ['http://*/*', 'https://*/*'] };

/** Calls listener when the alarm of that name fires (it wakes a stopped worker). */
export function onAlarm(name: string, listener: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) listener();
  });
}

/** The worker's answer to a message, or a failure when it did not answer or could not be reached. */
export async function sendMessage<K extends MessageType>(message: Message<K>): Promise<Reply<K>> {
  try {
    const reply = (await browser.runtime.sendMessage(message)) as Reply<K> | undefined;
    return reply ?? { ok: false, error: 'the background worker did not answer' };
  } catch (error) {
    return { ok: false, error: String(error) };
  }
}

/** Routes every runtime message to handle; a promise it returns is the reply, undefined means no answer. */
export function onMessage(handle: (raw: unknown, sender: MessageSenderInfo) => Promise<unknown> | undefined): void {
  browser.runtime.onMessage.addListener((raw, sender) => handle(raw, sender));
}
