import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DECOY_HEADINGS, HEADING_LANGUAGES, PERSONALIZED_HEADINGS } from '../../../utils/placements/phrases';
import {
  compileHeadingSets,
  compilePattern,
  headingSets,
  matchHeading,
  normalizeHeading,
  patternAnchors,
  sets,
} from '../../../utils/placements/phrase-compiler';

function personalized(text: string) {
  const m = matchHeading(text);
  return m?.type === 'personalized' ? m : null;
}

describe('normalizeHeading', () => {
  it('folds case, diacritics, curly quotes, punctuation and white space', () => {
    expect(normalizeHeading('  Récemment   CONSULTÉS\n')).toBe('recemment consultes');
    expect(normalizeHeading('Items you’ve viewed')).toBe('items you ve viewed');
    expect(normalizeHeading("Items you've viewed")).toBe('items you ve viewed');
    expect(normalizeHeading('Weil du „Air Street“ angesehen hast')).toBe('weil du air street angesehen hast');
    expect(normalizeHeading('Ｒｅｃｏｍｍｅｎｄｅｄ ｆｏｒ ｙｏｕ')).toBe('recommended for you');
  });

  it('keeps Japanese voiced kana intact', () => {
    expect(normalizeHeading('最近チェックした商品')).toBe('最近チェックした商品');
    expect(normalizeHeading('ドリップ・ポット')).toBe('ドリップ ポット');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => normalizeHeading(normalizeHeading(s)) === normalizeHeading(s)));
  });
});

describe('heading data', () => {
  it('every pattern compiles and cannot match empty text', () => {
    for (const p of [...PERSONALIZED_HEADINGS, ...DECOY_HEADINGS]) {
      expect(() => compilePattern(p.pattern), p.pattern).not.toThrow();
    }
  });

  it('covers every language with personalized phrases and decoys', () => {
    for (const lang of HEADING_LANGUAGES) {
      expect(
        PERSONALIZED_HEADINGS.some((p) => p.lang === lang && p.kind === 'recommendation'),
        lang,
      ).toBe(true);
      expect(
        PERSONALIZED_HEADINGS.some((p) => p.lang === lang && p.kind === 'recently-viewed'),
        lang,
      ).toBe(true);
      expect(
        DECOY_HEADINGS.some((p) => p.lang === lang),
        lang,
      ).toBe(true);
    }
  });

  it('every Latin-script pattern has anchor words, so non-matching headings skip the regex', () => {
    expect(sets().personalized.anchors).not.toBeNull();
    expect(sets().decoy.anchors).not.toBeNull();
    expect(patternAnchors('(deals|offers) (just )?for you')).toEqual(new Set(['for']));
    expect(patternAnchors('(deals|offers) (just )?(für|pour)')).toEqual(new Set(['deals', 'offers']));
    expect(patternAnchors('customers who (viewed|bought) this')).toEqual(new Set(['customers']));
    expect(patternAnchors('(dans votre magasin|près de chez vous)')).toEqual(new Set(['magasin', 'pres']));
    expect(patternAnchors('(optional)? *')).toBeNull();
  });

  it('the sets the build compiles (wxt.config.ts), passed as JSON, match as the sets compiled at first use', () => {
    const built = headingSets(
      JSON.parse(JSON.stringify(compileHeadingSets())) as ReturnType<typeof compileHeadingSets>,
    );
    for (const name of ['personalized', 'decoy'] as const) {
      const now = sets()[name];
      expect(built[name].regex.source).toBe(now.regex.source);
      expect(built[name].entries).toEqual(now.entries);
      expect(built[name].anchors).toEqual(now.anchors);
      expect(built[name].hasCjk).toBe(now.hasCjk);
    }
    // Capture group k names entries[k]: each phrase's own example text is answered with that phrase.
    const viewed = 'Customers who viewed this item also viewed';
    const m = built.personalized.regex.exec(` ${normalizeHeading(viewed)} `)!;
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    expect(built.personalized.entries[group - 1]).toEqual(personalized(viewed)!.phrases[0]);
  });

  it('rejects a broken pattern with a clear error', () => {
    expect(() => compilePattern('(recommended for you')).toThrow(/unbalanced/);
    expect(() => compilePattern('(optional)?')).toThrow(/matches nothing/);
  });
});

describe('matchHeading: personalized rows', () => {
  const cases: [string, string, string[]][] = [
    // English
    ['Recommended for you', 'recommendation', ['browsing']],
    ['Inspired by your browsing history', 'recommendation', ['browsing']],
    ['Because you viewed Stainless Steel French Press', 'recommendation', ['browsing']],
    ['Customers who viewed this item also viewed', 'recommendation', ['browsing']],
    ['Customers who bought this product also bought', 'recommendation', ['browsing']],
    ['Based on your recent views', 'recommendation', ['browsing']],
    ['Picked for you', 'recommendation', ['browsing']],
    ['Top picks for you', 'recommendation', ['browsing']],
    ['More like this for you', 'recommendation', ['browsing']],
    ['Just for you', 'recommendation', ['browsing']],
    ['Recently viewed', 'recently-viewed', ['browsing']],
    ['Your recently viewed items', 'recently-viewed', ['browsing']],
    ['Your browsing history', 'recently-viewed', ['browsing']],
    ['Buy it again', 'recommendation', ['purchases']],
    ['Because you searched for "trail shoes"', 'recommendation', ['search']],
    ['Deals for you', 'personalized-offer', ['browsing', 'purchases']],
    ['Popular near you', 'personalized-offer', ['location']],
    ['Sponsored products related to your search', 'retargeting-ad', ['search']],
    // German
    ['Für dich ausgewählt', 'recommendation', ['browsing']],
    ['Empfehlungen für Sie', 'recommendation', ['browsing']],
    ['Zuletzt angesehene Artikel', 'recently-viewed', ['browsing']],
    ['Weil du „Sneaker Air“ angesehen hast', 'recommendation', ['browsing']],
    ['Kunden, die diesen Artikel angesehen haben, haben auch angesehen', 'recommendation', ['browsing']],
    ['Deine persönlichen Angebote', 'personalized-offer', ['browsing', 'purchases']],
    ['Empfohlen für dich', 'recommendation', ['browsing']],
    ['Ihre zuletzt angesehenen Artikel', 'recently-viewed', ['browsing']],
    // French
    ['Recommandé pour vous', 'recommendation', ['browsing']],
    ['Inspiré de votre historique de navigation', 'recommendation', ['browsing']],
    ['Récemment consultés', 'recently-viewed', ['browsing']],
    ['Vous aimerez peut-être aussi', 'recommendation', ['browsing']],
    ['Les internautes ont également consulté', 'recommendation', ['browsing']],
    // Spanish
    ['Recomendados para ti', 'recommendation', ['browsing']],
    ['Vistos recientemente', 'recently-viewed', ['browsing']],
    ['También te puede interesar', 'recommendation', ['browsing']],
    ['Quizás también te guste', 'recommendation', ['browsing']],
    // Italian
    ['Consigliati per te', 'recommendation', ['browsing']],
    ['Articoli visti di recente', 'recently-viewed', ['browsing']],
    ['I clienti che hanno visto questo articolo hanno visto anche', 'recommendation', ['browsing']],
    // Dutch
    ['Aanbevolen voor jou', 'recommendation', ['browsing']],
    ['Onlangs bekeken', 'recently-viewed', ['browsing']],
    ['Omdat je Stofzuiger X hebt bekeken', 'recommendation', ['browsing']],
    ['Op basis van je kijkgedrag', 'recommendation', ['browsing']],
    // Portuguese
    ['Recomendados para você', 'recommendation', ['browsing']],
    ['Produtos vistos recentemente', 'recently-viewed', ['browsing']],
    ['Quem viu este produto também viu', 'recommendation', ['browsing']],
    // Japanese
    ['あなたへのおすすめ', 'recommendation', ['browsing']],
    ['最近チェックした商品', 'recently-viewed', ['browsing']],
    ['この商品を見た人はこんな商品も見ています', 'recommendation', ['browsing']],
    ['閲覧履歴からのおすすめ', 'recommendation', ['browsing']],
  ];
  it.each(cases)('%s → %s', (text, kind, categories) => {
    const m = personalized(text);
    expect(m, text).not.toBeNull();
    expect(m!.kind).toBe(kind);
    expect([...m!.categories].sort()).toEqual([...categories].sort());
  });

  it('marks item-to-item rows as such and personal ones as personal', () => {
    expect(personalized('Customers who viewed this item also viewed')!.basis).toBe('item-to-item');
    expect(personalized('Frequently bought together')!.basis).toBe('item-to-item');
    expect(personalized('Related products')!.basis).toBe('item-to-item');
    expect(personalized('Related Stories')!.basis).toBe('item-to-item');
    expect(personalized('Inspired by your browsing history')!.basis).toBe('personal');
  });

  it('unions categories when a heading names several sources', () => {
    const m = personalized('Recommended for you based on your past purchases');
    expect(m!.kind).toBe('recommendation');
    expect([...m!.categories].sort()).toEqual(['browsing', 'purchases']);
  });

  it('a personalized phrase wins over a decoy in the same heading', () => {
    expect(matchHeading('Best sellers picked for you')?.type).toBe('personalized');
  });
});

describe('matchHeading: decoys and neutral text', () => {
  const decoys = [
    'Best sellers',
    'Best Sellers in Coffee Presses',
    'New arrivals',
    'Trending now',
    'Top deals',
    'Shop by category',
    'Top picks',
    'Related searches',
    'Bestseller',
    'Neuheiten',
    'Meilleures ventes',
    'Nouveautés',
    'Los más vendidos',
    'Novedades',
    'I più venduti',
    'Nuovi arrivi',
    'Nieuw binnen',
    'Populair',
    'Mais vendidos',
    'Ofertas do dia',
    'ランキング',
    '新着商品',
  ];
  it.each(decoys)('%s is a decoy (or at least not personalized)', (text) => {
    expect(personalized(text)).toBeNull();
  });

  it('recognizes the common decoys as decoys', () => {
    for (const t of [
      'Best sellers',
      'New arrivals',
      'Trending now',
      'Top deals',
      'Shop by category',
      'Neuheiten',
      'ランキング',
    ]) {
      expect(matchHeading(t)?.type, t).toBe('decoy');
    }
  });

  it('ignores product names, prose and empty text', () => {
    expect(matchHeading('Stainless Steel French Press, 34 oz')).toBeNull();
    expect(matchHeading('')).toBeNull();
    expect(matchHeading('   ')).toBeNull();
    expect(matchHeading('For your information: shipping takes 3 days')).toBeNull();
    const prose = 'We show a row titled Recommended for you when you are signed in. '.repeat(5);
    expect(matchHeading(prose)).toBeNull();
  });

  it('does not match a phrase inside a longer word', () => {
    expect(personalized('Unrecommended for yourself-assembly')).toBeNull();
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        matchHeading(s);
        return true;
      }),
    );
  });
});
