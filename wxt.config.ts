import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The manifest asks only for what observation and enforcement need; see README "Permissions".
export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'ShareLedger',
    description: 'See what retailers share about you, and stop it.',
    permissions: [
      'storage',
      'unlimitedStorage',
      'webRequest',
      'declarativeNetRequest',
      'scripting',
      'tabs',
      ...(browser === 'firefox' ? [] : []),
    ],
    host_permissions: ['<all_urls>'],
    browser_specific_settings:
      browser === 'firefox' ? { gecko: { id: 'shareledger@shareledger.dev', strict_min_version: '128.0' } } : undefined,
  }),
});
