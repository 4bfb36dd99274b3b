/**
 * `npm start`: serves the demo store, runs the built extension on it headlessly through a shopping
 * visit, prints what each recipient received and writes an export and a popup screenshot.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemoStore } from '../demo-store/server';
import { shopJourney } from '../demo-store/journey';
import { launchWithExtension } from '../cli/browser';
import { readSettledLedger } from '../cli/ledger-dump';
import { formatRecipientTable, recipientRows } from '../cli/report';

const OUT_DIR = resolve(process.env.SHARELEDGER_OUT ?? 'shareledger-run');
const SITE = 'demo-store.test';

const store = await startDemoStore();
// A new user's browser: nothing picked on the onboarding page, so "Only what the shop needs" applies.
const ext = await launchWithExtension({ hostRules: store.hostResolverRules, onboardingChoice: 'none' });
try {
  console.log(`Demo store on 127.0.0.1:${store.port}; extension ${ext.extensionId}; shopping…`);
  const page = await shopJourney(ext.context, { origin: store.origin });
  // Every request the journey made, in the ledger: not a guessed wait (the worker may still be starting).
  await page.waitForTimeout(600); // the checkout page's late beacons
  const ledger = await readSettledLedger(ext, ext.worker);

  console.log(`\nWhat ${SITE} shared, by recipient:\n`);
  console.log(formatRecipientTable(recipientRows(ledger.flows, SITE)));
  const placements = ledger.placements.filter((p) => p.site === SITE);
  console.log(`\nPersonalized placements found: ${placements.length}`);
  for (const p of placements)
    console.log(`  - "${p.label}" (${p.kind}${p.vendor ? `, ${p.vendor}` : ''}) on ${new URL(p.pageUrl).pathname}`);

  mkdirSync(OUT_DIR, { recursive: true });
  const exported = {
    format: 'shareledger',
    version: 1,
    exportedAt: new Date().toISOString(),
    retailers: [{ site: SITE }],
    flows: ledger.flows,
    placements: ledger.placements,
    consent: [],
  };
  writeFileSync(resolve(OUT_DIR, 'ledger.json'), `${JSON.stringify(exported, null, 2)}\n`);
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 560, height: 900 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?site=${SITE}`);
  await popup.locator('tr[data-recipient]').first().waitFor();
  await popup.screenshot({ path: resolve(OUT_DIR, 'popup.png'), fullPage: true });
  console.log(`\nWrote ${resolve(OUT_DIR, 'ledger.json')} and ${resolve(OUT_DIR, 'popup.png')}`);
} finally {
  await ext.close();
  await store.close();
}
