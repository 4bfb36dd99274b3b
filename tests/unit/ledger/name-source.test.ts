import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createClassifier } from '../../../utils/classify';
import type { LedgerDb } from '../../../utils/ledger/db';
import { dexieSource, exportCsv, exportJson } from '../../../utils/ledger/export';
import { mergeExport, parseExportText } from '../../../utils/ledger/import';
import { toFlow } from '../../../utils/ledger/rows';
import { summarizeRetailer, summarizeRetailerFromFlows } from '../../../utils/ledger/summary';
import { appendToLedger } from '../../../utils/ledger/write';
import { probeVerdictToFlow } from '../../../utils/probes/to-flows';
import { compileTrackerLists, loadTrackerLists } from '../../../utils/tracker-lists';
import type { Flow, RequestRecord } from '../../../utils/model';
import { collectText, freshLedger, ga4Flow, T0 } from './sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

const PAGE = 'https://www.shop.example/p/1';
// The lists' own syntax: one EasyPrivacy rule is enough to name an unknown collector by its path.
const lists = loadTrackerLists(
  compileTrackerLists({ easylist: '[Adblock Plus 2.0]', easyprivacy: '[Adblock Plus 2.0]\n/tracking/collect?' }),
);
const classify = createClassifier({ trackerLists: lists });
const request = (url: string): RequestRecord => ({ url, method: 'GET', type: 'image', documentUrl: PAGE });

describe('each recipient keeps where its name came from', () => {
  it('from the classifier into the flow, the popup summary and every export, and back through import', async () => {
    const fromLists = toFlow(
      classify(request('https://collect.unknown-vendor.example/tracking/collect?uid=5f2b9c1e7a')),
      {
        key: 'k-lists',
        ts: T0,
      },
    );
    const fromDecoder = toFlow(
      classify(
        request(`https://www.google-analytics.com/g/collect?v=2&tid=G-DEMO1&cid=1.2&dl=${encodeURIComponent(PAGE)}`),
      ),
      { key: 'k-decoder', ts: T0 + 1 },
    );
    expect(fromLists).toMatchObject({ recipientSite: 'unknown-vendor.example', nameSource: 'lists' });
    expect(fromDecoder).toMatchObject({ recipientSite: 'google-analytics.com', nameSource: 'decoder' });

    db = freshLedger();
    await appendToLedger(db, [fromLists!, fromDecoder!]);
    const bySite = (s: { recipients: { recipientSite: string; nameSource?: string }[] }) =>
      Object.fromEntries(s.recipients.map((r) => [r.recipientSite, r.nameSource]));
    const expected = { 'unknown-vendor.example': 'lists', 'google-analytics.com': 'decoder' };
    expect(bySite(await summarizeRetailer(db, 'shop.example'))).toEqual(expected);
    expect(bySite(await summarizeRetailerFromFlows(db, 'shop.example'))).toEqual(expected);

    const json = await collectText(exportJson(dexieSource(db)));
    const parsed = parseExportText(json);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.flows.map((f) => f.nameSource)).toEqual(['lists', 'decoder']);
    const csv = (await collectText(exportCsv(dexieSource(db), 'flows'))).trim().split('\r\n');
    const column = csv[0].split(',').indexOf('nameSource');
    expect(column).toBe(csv[0].split(',').length - 1); // after the v1 columns
    expect(csv.slice(1).map((line) => line.split(',').at(-1))).toEqual(['lists', 'decoder']);

    const copy = freshLedger();
    try {
      expect((await mergeExport(copy, parsed.value)).ok).toBe(true);
      expect(bySite(await summarizeRetailer(copy, 'shop.example'))).toEqual(expected);
    } finally {
      await copy.delete();
    }
  });

  it('rows from before it was kept have none, and a recipient is named as by its earliest flow', async () => {
    db = freshLedger();
    const older: Flow = ga4Flow({ key: 'old', ts: T0 });
    const newer: Flow = ga4Flow({ key: 'new', ts: T0 + 60_000, nameSource: 'trackerdb', organization: 'Alphabet' });
    await appendToLedger(db, [newer]);
    expect((await summarizeRetailer(db, 'demo-store.test')).recipients[0]).toMatchObject({
      organization: 'Alphabet',
      nameSource: 'trackerdb',
    });
    await appendToLedger(db, [older]);
    const [recipient] = (await summarizeRetailer(db, 'demo-store.test')).recipients;
    expect(recipient.organization).toBe(older.organization);
    expect(recipient.nameSource).toBeUndefined();
    expect(parseExportText(await collectText(exportJson(dexieSource(db)))).ok).toBe(true);
  });

  it('a probe finding is named like its script, and an unknown name source does not import', () => {
    const identity = classify({
      url: 'https://cdn.unknown.example/fp.js',
      method: 'GET',
      type: 'script',
      documentUrl: PAGE,
    });
    const flow = probeVerdictToFlow(
      { script: 'https://cdn.unknown.example/fp.js', kind: 'fingerprinting', score: 6, signals: ['font.layout=60'] },
      identity,
      { pageUrl: PAGE, ts: T0 },
    );
    expect(flow?.nameSource).toBe(identity.nameSource);
    const doc = {
      format: 'shareledger',
      version: 1,
      exportedAt: new Date(T0).toISOString(),
      retailers: [],
      placements: [],
      consent: [],
      flows: [{ ...ga4Flow(), nameSource: 'a-guess' }],
    };
    const parsed = parseExportText(JSON.stringify(doc));
    expect(parsed.ok).toBe(false);
  });
});
