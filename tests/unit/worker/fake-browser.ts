/** A small fake of the browser APIs the worker uses (utils/platform.ts), recording what is called. */
import type { DnrRule } from '../../../utils/consent/dnr';
import type { StorageAreaLike } from '../../../utils/ledger/journal';
import type { Platform, RegisteredScript } from '../../../utils/platform';
import type { WebRequestDetails } from '../../../utils/webrequest';

export const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;

export interface FakeBrowser extends Platform {
  /** URL of each open tab, as tabs.get would answer. */
  tabUrls: Map<number, string>;
  tabsGetCalls: number[];
  openedTabs: string[];
  installedRules: DnrRule[];
  /** Makes the next updateDynamicRules calls fail, as Chrome does for an invalid rule. */
  refuseRules: boolean;
  /** Static rulesets in force (none by default: a test enables the first-run one as a fresh install has it). */
  enabledRulesets: string[];
  pageScripts: RegisteredScript[];
  sessionItems: Map<string, unknown>;
  localItems: Map<string, unknown>;
  /** Pending alarms by name: when each fires. */
  alarmTimes: Map<string, number>;
  /** Each tab's badge as the toolbar shows it. */
  badges: Map<number, { text?: string; color?: string; title?: string }>;
  badgeCalls: number;
}

export function fakeBrowser(): FakeBrowser {
  const fake: FakeBrowser = {
    tabUrls: new Map(),
    tabsGetCalls: [],
    openedTabs: [],
    installedRules: [],
    refuseRules: false,
    enabledRulesets: [],
    pageScripts: [],
    sessionItems: new Map(),
    localItems: new Map(),
    alarmTimes: new Map(),
    badges: new Map(),
    badgeCalls: 0,
    dnr: {
      getDynamicRules: async () => structuredClone(fake.installedRules),
      updateDynamicRules: async ({ removeRuleIds, addRules }) => {
        if (fake.refuseRules) throw new Error('Rule with id 7 is invalid');
        fake.installedRules = fake.installedRules.filter((r) => !removeRuleIds.includes(r.id)).concat(addRules);
      },
      getEnabledRulesets: async () => [...fake.enabledRulesets],
      updateEnabledRulesets: async ({ disableRulesetIds = [], enableRulesetIds = [] }) => {
        fake.enabledRulesets = [
          ...new Set([...fake.enabledRulesets.filter((id) => !disableRulesetIds.includes(id)), ...enableRulesetIds]),
        ];
      },
    },
    scripting: {
      getRegisteredContentScripts: async () => fake.pageScripts.map((s) => ({ id: s.id })),
      registerContentScripts: async (scripts) => void fake.pageScripts.push(...scripts),
      unregisterContentScripts: async ({ ids }) => {
        fake.pageScripts = fake.pageScripts.filter((s) => !ids.includes(s.id));
      },
    },
    tabs: {
      urlOf: async (tabId) => {
        fake.tabsGetCalls.push(tabId);
        return fake.tabUrls.get(tabId);
      },
      open: async (url) => void fake.openedTabs.push(url),
    },
    session: memoryArea(() => fake.sessionItems),
    local: memoryArea(() => fake.localItems),
    alarms: {
      create: (name, when) => void fake.alarmTimes.set(name, when),
      clear: async (name) => fake.alarmTimes.delete(name),
    },
    badge: {
      setText: async (tabId, text) => setBadge(tabId, { text }),
      setColor: async (tabId, color) => setBadge(tabId, { color }),
      setTitle: async (tabId, title) => setBadge(tabId, { title }),
    },
    runtime: {
      id: EXTENSION_ID,
      origin: EXTENSION_ORIGIN,
      getURL: (path) => EXTENSION_ORIGIN + path,
    },
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
  };
  function setBadge(tabId: number, part: { text?: string; color?: string; title?: string }) {
    fake.badgeCalls++;
    fake.badges.set(tabId, { ...fake.badges.get(tabId), ...part });
  }
  return fake;
}

function memoryArea(items: () => Map<string, unknown>): StorageAreaLike {
  return {
    async get(keys) {
      const names = keys == null ? [...items().keys()] : typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(names.filter((k) => items().has(k)).map((k) => [k, structuredClone(items().get(k))]));
    },
    async set(values) {
      for (const [k, v] of Object.entries(values)) items().set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of typeof keys === 'string' ? [keys] : keys) items().delete(k);
    },
  };
}

let requestCounter = 0;

/** A webRequest onBeforeRequest event as Chrome sends it. */
export function requestEvent(fields: Partial<WebRequestDetails> & { url: string; tabId: number }): WebRequestDetails {
  return {
    requestId: String(++requestCounter),
    method: 'GET',
    type: 'image',
    frameId: 0,
    timeStamp: 1_760_000_000_000,
    ...fields,
  };
}

/** A raw request body as webRequest hands it over. */
export function rawBody(text: string): WebRequestDetails['requestBody'] {
  return { raw: [{ bytes: new TextEncoder().encode(text).buffer as ArrayBuffer }] };
}
