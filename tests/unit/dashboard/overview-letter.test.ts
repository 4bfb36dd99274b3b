import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeLetter, type LetterWords } from '../../../utils/dashboard/letter';
import { formatMessage } from '../../../utils/i18n/locales';
import {
  loadOverview,
  loadRecipientShops,
  loadShopRecipients,
  loadTimeline,
  timelineSpan,
} from '../../../utils/dashboard/overview';
import { dayOf } from '../../../utils/ledger/aggregates';
import type { LedgerDb } from '../../../utils/ledger/db';
import { appendToLedger } from '../../../utils/ledger/write';
import { freshLedger, ga4Flow, metaPurchaseFlow, T0 } from '../ledger/sample-rows';

let db: LedgerDb | undefined;
afterEach(async () => db?.delete());

const DAY = 86_400_000;

/** A language's words for the letter, read from public/_locales as browser.i18n reads them. */
function wordsOf(locale: string): LetterWords {
  const messages = JSON.parse(
    readFileSync(join(__dirname, `../../../public/_locales/${locale}/messages.json`), 'utf8'),
  ) as Record<string, { message: string }>;
  const m = (key: string, ...subs: string[]) => formatMessage(messages[key].message, subs);
  return {
    text: m,
    categoryName: (c) => m(`category_${c}`),
    categoryCovers: (c) => m(`categoryCovers_${c}`),
    kind: (k) => m(`kind_${k.replaceAll('-', '_')}`),
  };
}
const english = wordsOf('en');

async function sampleLedger(): Promise<LedgerDb> {
  db = freshLedger();
  await appendToLedger(db, [
    ga4Flow({ ts: T0 }),
    ga4Flow({ ts: T0 + DAY }),
    metaPurchaseFlow({ ts: T0 + DAY, action: 'blocked' }),
    metaPurchaseFlow({ ts: T0 + 3 * DAY }),
    ga4Flow({ ts: T0 + 2 * DAY, site: 'other-shop.test' }),
    // First party: never counted as shared.
    ga4Flow({ ts: T0, recipientSite: 'demo-store.test', organization: 'Demo', kind: 'first-party', thirdParty: false }),
  ]);
  return db;
}

describe('dashboard overview', () => {
  it('ranks shops and organizations and counts what enforcement did', async () => {
    const overview = await loadOverview(await sampleLedger());
    expect(overview.shops.map((s) => [s.site, s.requests, s.recipients])).toEqual([
      ['demo-store.test', 4, 2],
      ['other-shop.test', 1, 1],
    ]);
    expect(overview.shops[0].categories).toEqual(['browsing', 'purchases', 'identifiers', 'contact']);
    expect(overview.organizations.map((o) => [o.organization, o.requests, o.shops])).toEqual([
      ['Google', 3, 2],
      ['Meta', 2, 1],
    ]);
    expect(overview.actions).toEqual({ allowed: 4, blocked: 1, modified: 0 });
  });

  it('builds the timeline by day and category, third parties only', async () => {
    const timeline = await loadTimeline(await sampleLedger());
    expect(timeline.days).toEqual([0, 1, 2, 3].map((d) => dayOf(T0) + d));
    expect(timeline.counts.browsing).toEqual([1, 1, 1, 0]);
    expect(timeline.counts.contact).toEqual([0, 1, 0, 1]);
  });

  it('gives each recipient of a shop, and each shop of a recipient, its categories with dates', async () => {
    const ledger = await sampleLedger();
    const recipients = await loadShopRecipients(ledger, 'demo-store.test');
    expect(recipients.map((r) => r.recipientSite)).toEqual(['facebook.com', 'google-analytics.com']);
    expect(recipients[0].categories).toEqual([
      { category: 'purchases', flows: 2, firstDay: dayOf(T0) + 1, lastDay: dayOf(T0) + 3 },
      { category: 'contact', flows: 2, firstDay: dayOf(T0) + 1, lastDay: dayOf(T0) + 3 },
    ]);
    const shops = await loadRecipientShops(ledger, 'google-analytics.com');
    expect(shops.map((s) => [s.recipientSite, s.requests])).toEqual([
      ['demo-store.test', 2],
      ['other-shop.test', 1],
    ]);
  });

  it('gives each category its own first and last day in the recipient view, not the shop span', async () => {
    db = freshLedger();
    const device = { category: 'device' as const, where: 'url' as const, key: 'sr', sample: '1920x1080' };
    await appendToLedger(db, [
      ga4Flow({ ts: T0 }),
      ga4Flow({ ts: T0 + DAY }),
      ga4Flow({ ts: T0 + 4 * DAY, categories: ['device'], evidence: [device] }),
      ga4Flow({ ts: T0 + 2 * DAY, site: 'other-shop.test' }),
      metaPurchaseFlow({ ts: T0 + 6 * DAY }),
    ]);
    const [demo, other] = await loadRecipientShops(db, 'google-analytics.com');
    expect(demo.recipientSite).toBe('demo-store.test');
    expect(demo.categories).toEqual([
      { category: 'browsing', flows: 2, firstDay: dayOf(T0), lastDay: dayOf(T0) + 1 },
      { category: 'identifiers', flows: 2, firstDay: dayOf(T0), lastDay: dayOf(T0) + 1 },
      { category: 'device', flows: 1, firstDay: dayOf(T0) + 4, lastDay: dayOf(T0) + 4 },
    ]);
    expect([demo.firstSeen, demo.lastSeen]).toEqual([T0, T0 + 4 * DAY]);
    expect(other.categories.map((c) => [c.category, c.firstDay, c.lastDay])).toEqual([
      ['browsing', dayOf(T0) + 2, dayOf(T0) + 2],
      ['identifiers', dayOf(T0) + 2, dayOf(T0) + 2],
    ]);
  });
});

describe('the timeline axis', () => {
  it('spans the data, and at least a week around a short history', () => {
    expect(timelineSpan([20_000])).toEqual([19_997, 20_003]);
    expect(timelineSpan([20_000, 20_001])).toEqual([19_998, 20_004]);
    expect(timelineSpan([20_000, 20_006])).toEqual([20_000, 20_006]);
    expect(timelineSpan([20_000, 20_100, 20_365])).toEqual([20_000, 20_365]);
    expect(timelineSpan([])).toEqual([0, 0]);
  });
});

describe('the letter', () => {
  it('names each recipient organization and category with first and last dates, for the law picked', async () => {
    const recipients = await loadShopRecipients(await sampleLedger(), 'demo-store.test');
    const gdpr = composeLetter({ shop: 'demo-store.test', law: 'gdpr', recipients, now: T0 + 5 * DAY }, english);
    expect(gdpr.subject).toMatch(/Art\. 15 GDPR.*Art\. 21 GDPR/);
    expect(gdpr.body).toContain('* Meta (facebook.com, advertising)');
    expect(gdpr.body).toMatch(/- Contact \(.*\): first seen 2026-11-03, last seen 2026-11-05/);
    expect(gdpr.body).toMatch(/- Identifiers \(.*\): first seen 2026-11-02, last seen 2026-11-03/);
    expect(gdpr.body).toContain('Date: 2026-11-07');
    const ccpa = composeLetter({ shop: 'demo-store.test', law: 'ccpa', recipients, now: T0 }, english);
    expect(ccpa.body).toMatch(/1798\.110.*\n[\s\S]*1798\.120/);
    expect(ccpa.body).toContain('* Google (google-analytics.com, analytics)');
    expect(composeLetter({ shop: 'x.test', law: 'gdpr', recipients: [], now: T0 }, english).body).toContain(
      'recorded no data sent to third parties',
    );
  });

  it('is written in the words of the language given, with the same dates and recipients', async () => {
    const recipients = await loadShopRecipients(await sampleLedger(), 'demo-store.test');
    const now = T0 + 5 * DAY;
    const de = composeLetter({ shop: 'demo-store.test', law: 'gdpr', recipients, now }, wordsOf('de'));
    expect(de.subject).toBe('Auskunftsersuchen (Art. 15 DSGVO) und Widerspruch (Art. 21 DSGVO) – demo-store.test');
    expect(de.body).toContain('Sehr geehrte Damen und Herren,');
    expect(de.body).toContain('* Meta (facebook.com, Werbung)');
    expect(de.body).toMatch(/- Kontaktdaten \(.*\): erstmals gesehen am 2026-11-03, zuletzt am 2026-11-05/);
    expect(de.body).toContain('Datum: 2026-11-07');
    expect(de.body).not.toContain('Dear Sir or Madam');
    const ja = composeLetter({ shop: 'demo-store.test', law: 'ccpa', recipients, now }, wordsOf('ja'));
    expect(ja.body).toContain('§ 1798.120');
    expect(ja.body).toContain('* Google (google-analytics.com, 解析)');
    // Same structure in every language: the English letter's lines, one for one.
    for (const locale of ['de', 'fr', 'es', 'ja'])
      for (const law of ['gdpr', 'ccpa'] as const) {
        const lines = (words: LetterWords) =>
          composeLetter({ shop: 'demo-store.test', law, recipients, now }, words).body.split('\n');
        expect(lines(wordsOf(locale)).length, `${locale} ${law}`).toBe(lines(english).length);
      }
  });
});
