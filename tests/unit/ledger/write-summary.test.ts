import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type LedgerDb } from '../../../utils/ledger/db';
import { appendToLedger } from '../../../utils/ledger/write';
import { summarizeRetailer } from '../../../utils/ledger/summary';
import type { Flow } from '../../../utils/model';
import { ga4Flow } from './sample-rows';

let db: LedgerDb;
afterEach(async () => db?.delete());

// One GA4 collect beacon by default; each test says what differs.
const flow = (overrides: Partial<Flow>): Flow => ga4Flow({ categories: ['browsing'], evidence: [], ...overrides });

describe('ledger writes and the retailer summary', () => {
  it('writes each observed request once, even when a batch is replayed', async () => {
    db = openLedger(`t-${Math.random()}`);
    const batch = [flow({}), flow({ categories: ['identifiers'] })];
    expect(await appendToLedger(db, batch)).toBe(2);
    expect(await appendToLedger(db, batch)).toBe(0);
    expect(await db.flows.count()).toBe(2);
  });

  it('groups categories by recipient for one retailer only', async () => {
    db = openLedger(`t-${Math.random()}`);
    await appendToLedger(db, [
      flow({ categories: ['browsing', 'identifiers'] }),
      flow({ recipientSite: 'facebook.com', organization: 'Meta', categories: ['contact'] }),
      flow({ recipientSite: 'facebook.com', organization: 'Meta', categories: ['purchases'] }),
      flow({ site: 'other-shop.test', recipientSite: 'criteo.com', organization: 'Criteo' }),
      flow({ recipientSite: 'demo-store-cdn.test', thirdParty: false, categories: ['browsing'] }),
    ]);
    const summary = await summarizeRetailer(db, 'demo-store.test');
    expect(summary.recipients.map((r) => [r.organization, r.categories])).toEqual([
      ['Meta', ['purchases', 'contact']],
      ['Google', ['browsing', 'identifiers']],
    ]);
    expect(await db.retailers.toCollection().primaryKeys()).toEqual(['demo-store.test', 'other-shop.test']);
  });
});

describe('trackers seen only in the DOM', () => {
  it('are kept as rows but not counted again as requests or shared categories', async () => {
    db = openLedger(`t-${Math.random()}`);
    await appendToLedger(db, [
      flow({ categories: ['browsing'] }),
      flow({ requestType: 'dom-img', categories: ['browsing', 'identifiers'] }),
    ]);
    expect(await db.flows.count()).toBe(2);
    const [google] = (await summarizeRetailer(db, 'demo-store.test')).recipients;
    expect(google).toMatchObject({ requests: 1, categories: ['browsing'] });
  });
});
