import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deleteFlowRows } from '../../../utils/ledger/erase';
import { summarizeRetailer, summarizeRetailerFromFlows } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import { ga4Flow, ledgersDeletedAfterEach } from './sample-rows';

const newLedger = ledgersDeletedAfterEach();

describe('the popup summary says how many requests a page reported itself', () => {
  it('counts page-reported rows (explicit or derived from a probe row) apart from network ones', async () => {
    const db = newLedger();
    const probe = ga4Flow({ requestType: 'probe', categories: ['device'] });
    await appendToLedger(db, [
      ga4Flow({ provenance: 'network' }),
      ga4Flow(), // an older row without provenance, seen on the network
      ga4Flow({ provenance: 'page', requestType: 'script' }),
      probe, // an older probe row: provenance derived as 'page'
    ]);
    const summary = await summarizeRetailer(db, 'demo-store.test');
    expect(summary.recipients).toHaveLength(1);
    expect(summary.recipients[0]).toMatchObject({ requests: 4, pageReported: 2 });
    // The aggregates the popup reads agree with a scan of the flows.
    expect(summary).toEqual(await summarizeRetailerFromFlows(db, 'demo-store.test'));

    // Deleting a page-reported row takes it out of the count again.
    const stored = await db.flows.where('key').equals(probe.key).first();
    await deleteFlowRows(db, [stored!]);
    expect((await summarizeRetailer(db, 'demo-store.test')).recipients[0]).toMatchObject({
      requests: 3,
      pageReported: 1,
    });
  });
});
