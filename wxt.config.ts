import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
import autoconsentRules from '@duckduckgo/autoconsent/rules/rules.json' with { type: 'json' };
import { trackerDbTablePath, trackerListsEnginePath } from './cli/tracker-data';
import { TRACKER_DATA_FILES } from './utils/tracker-data';
import { compileHeadingSets } from './utils/placements/phrase-compiler';
import { compilePlacementPrefilters } from './utils/placements/detect';
import { OPT_IN_MODULE, optInStepsOf } from './utils/consent/cmp/autoconsent-opt-in';
import { FIRST_RUN_RULESET, compileFirstRunRules } from './utils/consent/first-run-rules';

/** autoconsent's opt-in steps, taken from its full rules at build time (utils/consent/cmp/autoconsent-opt-in.ts). */
function autoconsentOptIn(): Plugin {
  const resolved = `\0${OPT_IN_MODULE}`;
  return {
    name: 'autoconsent-opt-in',
    resolveId: (id) => (id === OPT_IN_MODULE ? resolved : undefined),
    load: (id) =>
      id === resolved
        ? `export default ${JSON.stringify(optInStepsOf(autoconsentRules.autoconsent as never))};`
        : undefined,
  };
}

// Rendered from public/icon/shareledger.svg by scripts/render-icons.ts.
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

// The manifest asks only for what observation and enforcement need; see README "Permissions".
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact(), autoconsentOptIn()],
    // The adblocker engine (tracker lists) imports tldts-experimental, a second copy of the Public
    // Suffix List beside our tldts: one copy, ~100 KB less for the worker to parse at every wake.
    resolve: { alias: { 'tldts-experimental': 'tldts' } },
    // The placement detector's heading phrases and selector prefilters, compiled here once rather than on every page.
    define: {
      __SHARELEDGER_HEADING_SETS__: JSON.stringify(compileHeadingSets()),
      __SHARELEDGER_PLACEMENT_PREFILTERS__: JSON.stringify(compilePlacementPrefilters()),
    },
  }),
  // `npm run zip`: shareledger-VERSION-chrome.zip, -firefox.zip and, for Firefox's reviewers, -sources.zip:
  // what `npm ci && npm run build:firefox` needs to rebuild the Firefox archive (README "Store packages").
  zip: {
    excludeSources: [
      'tests/**',
      'bench/**',
      'docs/**',
      'dist/**',
      'store/**',
      'store-assets/**',
      'test-results/**',
      'artifacts/**',
      'shareledger-run/**',
      'audit-out/**',
      'bench-results.json',
      '**/*.log',
    ],
  },
  hooks: {
    'build:publicAssets': async (_wxt, files) => {
      // The tracker database, compiled to a host table (cached by content), loaded by the worker at start-up.
      files.push({ absoluteSrc: await trackerDbTablePath(), relativeDest: TRACKER_DATA_FILES.trackerDb });
      // EasyList + EasyPrivacy compiled at build time (cached by content), loaded like the database.
      files.push({ absoluteSrc: trackerListsEnginePath(), relativeDest: TRACKER_DATA_FILES.trackerLists });
      // The recommended default's rules, in force from install (utils/consent/first-run-rules.ts).
      files.push({ contents: JSON.stringify(compileFirstRunRules()), relativeDest: FIRST_RUN_RULESET.path });
    },
  },
  manifest: ({ browser }) => ({
    // Name and description from public/_locales, in the browser's language.
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    icons: ICONS,
    action: { default_icon: ICONS, default_title: '__MSG_extName__' },
    permissions: [
      'storage',
      'unlimitedStorage',
      'webRequest',
      'declarativeNetRequest',
      'scripting',
      'tabs',
      // Ends a "pause on this shop" on time, even when the worker was stopped meanwhile.
      'alarms',
      // Firefox keeps blocking webRequest in MV3: used to cancel bodies that carry revoked data.
      ...(browser === 'firefox' ? ['webRequestBlocking'] : []),
    ],
    host_permissions: ['<all_urls>'],
    // Protective from the very first request after install; the worker disables it once its own rules apply.
    declarative_net_request: {
      rule_resources: [{ id: FIRST_RUN_RULESET.id, enabled: true, path: FIRST_RUN_RULESET.path }],
    },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'shareledger@shareledger.dev',
              strict_min_version: '128.0',
              // Firefox asks new add-ons to declare what they collect: ShareLedger sends nothing anywhere.
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
});
