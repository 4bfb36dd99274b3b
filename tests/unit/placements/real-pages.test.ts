// The detector on real saved shop pages (tests/fixtures/real-pages), scored against hand labels.
// Fails below the targets of issue 12: recall >= 0.9 and precision >= 0.95 over the corpus, and below
// precision 0.95 on any page type (product, home, search, category, news) alone.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { detectPlacements } from '../../../utils/placements/detect';
import { add, loadLabels, loadPage, rates, scorePage, type PageScore, type Totals } from './real-pages';

const RECALL_TARGET = 0.9;
const PRECISION_TARGET = 0.95;

const labels = loadLabels();
const files = Object.keys(labels).sort();
const zero: Totals = { found: 0, labelled: 0, correct: 0, detected: 0 };

describe('real-page corpus', () => {
  it('has at least 60 pages of 25 shops in 12 languages, each with its source', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(new Set(files.map((f) => labels[f].shop)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(files.map((f) => labels[f].lang)).size).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(labels[f].source, f).toMatch(/\S/);
  });

  it('has shop home pages and search-result pages besides product pages', () => {
    const ofType = (type: string) => files.filter((f) => labels[f].type === type).length;
    expect(ofType('home')).toBeGreaterThanOrEqual(25);
    expect(ofType('search')).toBeGreaterThanOrEqual(4);
  });

  it("never reports a news page's rows as a shop's product rows", () => {
    const newsPages = files.filter((f) => labels[f].type === 'news');
    expect(newsPages.length).toBeGreaterThanOrEqual(10);
    for (const file of newsPages) {
      const found = detectPlacements(parseHTML(loadPage(file)).document as unknown as ParentNode);
      const asProducts = found.filter((p) => p.kind !== 'content-recommendation' && p.kind !== 'retargeting-ad');
      expect(
        asProducts.map((p) => `${p.kind} "${p.label}"`),
        file,
      ).toEqual([]);
    }
  });

  it('meets the recall and precision targets, reported per shop', { timeout: 600_000 }, () => {
    const perShop = new Map<string, Totals>();
    const perType = new Map<string, Totals>();
    const problems: string[] = [];
    let total = zero;
    for (const file of files) {
      const page = labels[file];
      // linkedom parses the corpus several times faster than happy-dom (detect-linkedom.test.ts shows
      // the detector gives the same placements in both).
      const doc = parseHTML(loadPage(file)).document;
      const found = detectPlacements(doc as unknown as ParentNode);
      const score: PageScore = scorePage(page, found);
      for (const m of score.missed) problems.push(`${file}: missed ${m}`);
      for (const w of score.wrong) problems.push(`${file}: wrong ${w}`);
      perShop.set(page.shop, add(perShop.get(page.shop) ?? zero, score));
      perType.set(page.type, add(perType.get(page.type) ?? zero, score));
      total = add(total, score);
    }
    const line = (name: string, t: Totals): string => {
      const r = rates(t);
      return `${name.padEnd(18)} recall ${t.found}/${t.labelled} = ${r.recall.toFixed(2)}  precision ${t.correct}/${t.detected} = ${r.precision.toFixed(2)}`;
    };
    const { recall, precision } = rates(total);
    console.log(
      [
        ...[...perShop].map(([shop, t]) => line(shop, t)),
        ...[...perType].map(([type, t]) => line(`type ${type}`, t)),
        `ALL recall ${recall.toFixed(3)} precision ${precision.toFixed(3)}`,
        ...problems,
      ].join('\n'),
    );
    expect(recall, problems.join('\n')).toBeGreaterThanOrEqual(RECALL_TARGET);
    expect(precision, problems.join('\n')).toBeGreaterThanOrEqual(PRECISION_TARGET);
    // Home, search and category pages are mostly same-for-everyone rows and listings: the precision bar
    // holds on each page type alone, not only thanks to the product pages.
    for (const [type, t] of perType)
      expect(rates(t).precision, `type ${type}\n${problems.join('\n')}`).toBeGreaterThanOrEqual(PRECISION_TARGET);
  });
});
