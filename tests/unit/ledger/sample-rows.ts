/** Realistic ledger rows for the ledger tests: a GA4 collect beacon and a Meta Pixel event by default. */
import { afterEach } from 'vitest';
import type { Flow, PlacementRecord } from '../../../utils/model';
import type { LedgerDb } from '../../../utils/ledger/db';
import { openLedger } from '../../../utils/ledger/db';

export const T0 = Date.UTC(2026, 10, 2, 9, 30); // 2026-11-02T09:30Z

let counter = 0;

export function ga4Flow(overrides: Partial<Flow> = {}): Flow {
  counter++;
  return {
    key: `req-${counter}`,
    ts: T0 + counter * 1000,
    site: 'demo-store.test',
    pageUrl: 'https://www.demo-store.test/p/trail-shoe?color=blue',
    url: `https://region1.google-analytics.com/g/collect?v=2&tid=G-DEMO123&cid=1234.5678&en=page_view&_s=${counter}`,
    method: 'POST',
    requestType: 'ping',
    recipient: 'region1.google-analytics.com',
    recipientSite: 'google-analytics.com',
    organization: 'Google',
    kind: 'analytics',
    vendor: 'ga4',
    thirdParty: true,
    categories: ['browsing', 'identifiers'],
    evidence: [
      {
        category: 'browsing',
        where: 'url',
        key: 'dl',
        sample: 'https://www.demo-store.test/p/trail-shoe',
        source: 'ga4',
      },
      { category: 'identifiers', where: 'url', key: 'cid', sample: '1234…5678', source: 'ga4' },
    ],
    action: 'allowed',
    ...overrides,
  };
}

export function metaPurchaseFlow(overrides: Partial<Flow> = {}): Flow {
  return ga4Flow({
    url: 'https://www.facebook.com/tr/?id=1234567890&ev=Purchase&cd[value]=59.90&cd[currency]=EUR&ud[em]=5f4d…',
    requestType: 'image',
    method: 'GET',
    recipient: 'www.facebook.com',
    recipientSite: 'facebook.com',
    organization: 'Meta',
    kind: 'advertising',
    vendor: 'meta-pixel',
    categories: ['purchases', 'contact'],
    evidence: [
      { category: 'purchases', where: 'url', key: 'cd[value]', sample: '59.90', source: 'meta-pixel' },
      { category: 'contact', where: 'url', key: 'ud[em]', sample: 'sha256:5f4d…e1a2', source: 'meta-pixel' },
    ],
    ...overrides,
  });
}

export function placement(overrides: Partial<PlacementRecord> = {}): PlacementRecord {
  counter++;
  return {
    key: `pl-${counter}`,
    ts: T0 + counter * 1000,
    site: 'demo-store.test',
    pageUrl: 'https://www.demo-store.test/',
    kind: 'recommendation',
    label: 'Recommended for you',
    vendor: 'dynamic-yield',
    why: 'heading:"Recommended for you"',
    categories: ['browsing'],
    ...overrides,
  };
}

export function freshLedger(): LedgerDb {
  return openLedger(`test-${Math.random().toString(36).slice(2)}`);
}

/** Sum of flow counts over all aggregate rows: equals the number of flows when nothing drifted. */
export async function aggregateFlowTotal(db: LedgerDb): Promise<number> {
  let total = 0;
  await db.aggregates.each((row) => {
    total += row.flows;
  });
  return total;
}

/** The whole text of a streamed export. */
export async function collectText(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

/** A maker of fresh ledgers, each deleted after the test that made it. Call once per test file. */
export function ledgersDeletedAfterEach(): () => LedgerDb {
  const dbs: LedgerDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.delete();
  });
  return () => {
    const db = freshLedger();
    dbs.push(db);
    return db;
  };
}
