/**
 * Heading phrases that mark personalized placements, kept as data, and a precompiled matcher.
 *
 * What counts (decided once, here):
 * - `personal`: the row is built from the shopper's own history or profile ("Recommended for you",
 *   "Inspired by your browsing history", "Recently viewed", "Buy it again", "Deals for you").
 * - `item-to-item`: the row is computed from the product the shopper is looking at right now
 *   ("Customers who viewed this item also viewed", "Frequently bought together", "You may also like").
 *   It counts, with category `browsing`: it exists because the page view was tracked and fed to the
 *   recommender, and `why` says "item-to-item" so the UI can word it more softly.
 * - Decoys are rows that are the same for every visitor ("Best sellers", "New arrivals", "Trending now",
 *   "Top deals", "Shop by category"). They never count, and a decoy heading on a vendor widget
 *   suppresses that widget (the retailer tells the shopper it is not about them).
 *
 * Pattern syntax (lower-case, written naturally; accents, case and punctuation are normalized the same
 * way as page text): words separated by spaces; `(a|b c)` alternatives; a trailing `?` makes the
 * previous word or group optional; `*` stands for 1-6 arbitrary words (a product name in the middle).
 * Phrases in Japanese (no spaces) match as substrings; the others match on whole words.
 */
import type { Category } from '../categories';
import type { PlacementKind } from '../model';
import { escapeRegExp } from '../guards';

export const HEADING_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'ja'] as const;
export type HeadingLanguage = (typeof HEADING_LANGUAGES)[number];

export type HeadingBasis = 'personal' | 'item-to-item';

export interface HeadingPhrase {
  lang: HeadingLanguage;
  pattern: string;
  kind: PlacementKind;
  categories: readonly Category[];
  basis: HeadingBasis;
}

export interface DecoyPhrase {
  lang: HeadingLanguage;
  pattern: string;
}

const REC: PlacementKind = 'recommendation';
const RV: PlacementKind = 'recently-viewed';
const OFFER: PlacementKind = 'personalized-offer';
const AD: PlacementKind = 'retargeting-ad';

const B: readonly Category[] = ['browsing'];
const P: readonly Category[] = ['purchases'];
const S: readonly Category[] = ['search'];
const L: readonly Category[] = ['location'];
const BP: readonly Category[] = ['browsing', 'purchases'];

type Row = [pattern: string, kind: PlacementKind, categories: readonly Category[], basis?: HeadingBasis];

function lang(code: HeadingLanguage, rows: Row[]): HeadingPhrase[] {
  return rows.map(([pattern, kind, categories, basis]) => ({
    lang: code,
    pattern,
    kind,
    categories,
    basis: basis ?? 'personal',
  }));
}

const I2I: HeadingBasis = 'item-to-item';

export const PERSONALIZED_HEADINGS: readonly HeadingPhrase[] = [
  ...lang('en', [
    ['(recommended|recommendations|suggested|suggestions) for you', REC, B],
    ['(your|personal|personalized|personalised) (recommendations|picks|suggestions)', REC, B],
    ["(top|our|today's|more|handpicked|hand picked|your) picks for you", REC, B],
    ['(picked|handpicked|hand picked|selected|chosen|curated) (just )?for you', REC, B],
    ['(just|especially|specially|made) for you', REC, B],
    ['more like this for you', REC, B],
    ["we think you('ll| will) (love|like)", REC, B],
    ['(inspired by|based on|related to) your (browsing|shopping|viewing) (history|activity)', REC, B],
    ['(inspired by|based on) your (recent )?(views|interests|activity)', REC, B],
    ["(inspired by|based on|related to) (items|products) you('ve| have)? (recently )?(viewed|looked at)", REC, B],
    ['because you (viewed|looked at|browsed|liked)', REC, B],
    ['more items to consider', REC, B],
    ['customers who (viewed|bought|purchased) this (item|product)? also (viewed|bought|purchased)', REC, B, I2I],
    ['(customers|people|shoppers) (also|who viewed this also) (viewed|bought|purchased|liked)', REC, B, I2I],
    ['(frequently|often) bought together', REC, B, I2I],
    ['(you|we think you) (may|might|will|could) also (like|love|be interested in)', REC, B, I2I],
    ['you (may|might) like', REC, B, I2I],
    ['similar (items|products) (you might like|to this)?', REC, B, I2I],
    ['(your )?recently (viewed|browsed|visited|seen)( items| products)?', RV, B],
    ["(items|products) you('ve| have)? (recently )?(viewed|looked at|browsed)", RV, B],
    ['your (browsing|viewing) history', RV, B],
    ['(last|viewed) recently', RV, B],
    ['pick up where you left off', RV, B],
    ['(buy|order) (it )?again', REC, P],
    ['(inspired by|based on) your (past |previous |recent )?(purchases|orders)', REC, P],
    ['because you (bought|purchased|ordered)', REC, P],
    ["(items|products) you('ve| have)? (bought|purchased|ordered)( before)?", REC, P],
    ['(inspired by|based on|related to) your (recent )?(searches|search history)', REC, S],
    ['because you searched( for)?', REC, S],
    ['(deals|offers|coupons|discounts|savings|promotions) (just )?for you', OFFER, BP],
    ['(your|personal|personalized|personalised|exclusive) (offers|deals|coupons|discounts)', OFFER, BP],
    ['(deals|offers|popular|available|in stock) (near you|at your store|in your store|at your local store)', OFFER, L],
    ['sponsored products related to (this item|this product)', AD, B, I2I],
    ['sponsored products related to your (search|searches)', AD, S],
    [
      "sponsored (products|items)? (related to|based on|inspired by) (items you('ve)? viewed|your (browsing|shopping) (history|activity))",
      AD,
      B,
    ],
    ['ads (based on|related to) your (browsing|interests|activity)', AD, B],
  ]),
  ...lang('de', [
    ['(für dich|für sie) (empfohlen|ausgewählt|ausgesucht|zusammengestellt)', REC, B],
    ['(empfohlen|ausgewählt|ausgesucht|zusammengestellt) für (dich|sie)', REC, B],
    ['(empfehlungen|tipps|vorschläge|highlights) für (dich|sie)', REC, B],
    ['(deine|ihre) (persönlichen )?(empfehlungen|vorschläge|highlights)', REC, B],
    ['(unsere|persönliche) empfehlungen( für (dich|sie))?', REC, B],
    ['(speziell|nur|extra) für (dich|sie)', REC, B],
    [
      '(inspiriert|ausgewählt) (von|durch|nach) (deinem|ihrem|deinen|ihren) (browserverlauf|verlauf|surfverhalten|interessen)',
      REC,
      B,
    ],
    [
      'basierend auf (deinem|ihrem|deinen|ihren) (browserverlauf|verlauf|surfverhalten|interessen|zuletzt angesehenen (artikeln|produkten))',
      REC,
      B,
    ],
    ['weil (du|sie) * (angesehen|angeschaut) (hast|haben)', REC, B],
    ['kunden die (diesen|dieses|diese) (artikel|produkt) (angesehen|angeschaut|gekauft) haben', REC, B, I2I],
    ['(kunden|andere) (kauften|kaufen|sahen|sehen|interessierten sich) auch', REC, B, I2I],
    ['(wird )?(häufig|oft) zusammen gekauft', REC, B, I2I],
    ['das (könnte|dürfte) (dir|ihnen) (auch )?gefallen', REC, B, I2I],
    ['(dir|ihnen) (könnte|gefällt) (auch|vielleicht)', REC, B, I2I],
    ['(ähnliche|passende) (artikel|produkte)', REC, B, I2I],
    ['passend dazu', REC, B, I2I],
    [
      'zuletzt (angesehen|angesehene|angesehenen|angeschaut|angeschaute|angeschauten|besucht|besuchte|besuchten|gesehen|gesehene|gesehenen)( artikel| produkte)?',
      RV,
      B,
    ],
    ['(kürzlich|vor kurzem) (angesehen|angesehene|angeschaut|angeschaute)', RV, B],
    ['(dein|ihr) (browserverlauf|verlauf)', RV, B],
    ['(erneut|nochmal|noch einmal|wieder) (kaufen|bestellen)', REC, P],
    ['basierend auf (deinen|ihren) (käufen|bestellungen|einkäufen)', REC, P],
    ['basierend auf (deinen|ihren) (suchen|suchanfragen|suchverlauf)', REC, S],
    ['(deine|ihre) (persönlichen |exklusiven )?(angebote|coupons|gutscheine|deals|vorteile)', OFFER, BP],
    ['(angebote|deals|gutscheine|coupons) (nur )?für (dich|sie)', OFFER, BP],
    ['persönliche (angebote|gutscheine|coupons|deals)', OFFER, BP],
    ['(angebote|verfügbar) in (deiner|ihrer) (nähe|filiale)', OFFER, L],
    ['(angebote )?in (deinem|ihrem) markt', OFFER, L],
    ['gesponserte produkte zu diesem (artikel|produkt)', AD, B, I2I],
    ['gesponserte produkte (zu|passend zu) (deiner|ihrer) suche', AD, S],
  ]),
  ...lang('fr', [
    [
      '(recommandé|recommandés|recommandée|recommandées|sélectionné|sélectionnés|sélectionnée|sélectionnées|sélection|choisis|pensé|pensés) pour (vous|toi)',
      REC,
      B,
    ],
    ['(nos|mes|vos|tes) (recommandations|suggestions|conseils) (pour (vous|toi)|personnalisées)', REC, B],
    ['(vos|tes) recommandations', REC, B],
    ['(rien que|spécialement|juste|uniquement) pour (vous|toi)', REC, B],
    ['(inspiré|inspirés|inspirée|inspirées) (de|par) (votre|ton) (historique|navigation)', REC, B],
    ["(d'après|selon|en fonction de|basé sur) (votre|ton) (historique|navigation)", REC, B],
    ['parce que (vous avez|tu as) (consulté|regardé|vu|aimé)', REC, B],
    ['les clients (ayant|qui ont) (consulté|vu|regardé|acheté) (cet|ce) (article|produit)', REC, B, I2I],
    [
      "(les clients|ils|les internautes|d'autres clients) ont (aussi|également) (consulté|acheté|aimé|regardé)",
      REC,
      B,
      I2I,
    ],
    ['(souvent|fréquemment) achetés ensemble', REC, B, I2I],
    ['vous (aimerez|aimeriez|pourriez aimer|pourriez aussi aimer) (peut-être )?(aussi|également)?', REC, B, I2I],
    ['(ces articles|ces produits) pourraient vous (plaire|intéresser)', REC, B, I2I],
    ['(articles|produits) similaires', REC, B, I2I],
    ['(articles|produits) (récemment )?consultés( récemment)?', RV, B],
    ['(récemment|dernièrement) (consultés|consulté|vus|vu)', RV, B],
    ['(vu|vus|consultés|consulté) récemment', RV, B],
    ['(vos|tes) (derniers|dernières) (articles|produits|consultations)( consultés| vus)?', RV, B],
    ['derniers (articles|produits) (consultés|vus)', RV, B],
    ['(votre|ton) historique de navigation', RV, B],
    ['(acheter|commander) (à nouveau|de nouveau|encore)', REC, P],
    ['racheter', REC, P],
    ["(d'après|selon|inspiré de|inspirés de) (vos|tes) achats", REC, P],
    ["(d'après|selon|inspiré de) (vos|tes) recherches", REC, S],
    [
      '(offres|promotions|promos|bons plans|réductions|coupons|avantages) (rien que |spécialement )?pour (vous|toi)',
      OFFER,
      BP,
    ],
    [
      '(vos|tes) (offres|avantages|coupons|bons de réduction)( personnalisés| personnalisées| exclusives| exclusifs)?',
      OFFER,
      BP,
    ],
    ['(offres|promotions) personnalisées', OFFER, BP],
    ['(dans votre magasin|près de chez vous|dans ton magasin|près de chez toi)', OFFER, L],
    ['produits sponsorisés (liés|en rapport) (à|avec) cet article', AD, B, I2I],
  ]),
  ...lang('es', [
    [
      '(recomendado|recomendados|recomendada|recomendadas|seleccionado|seleccionados|seleccionadas|elegidos|pensado|pensados|pensadas) para (ti|usted)',
      REC,
      B,
    ],
    ['(te|le) recomendamos', REC, B],
    ['(nuestras )?recomendaciones para (ti|usted)', REC, B],
    ['(tus|sus) recomendaciones', REC, B],
    ['(solo|especialmente|exclusivamente) para (ti|usted)', REC, B],
    ['(inspirado|inspirados|basado|basados|según) (en )?(tu|su) (historial|navegación)', REC, B],
    ['(porque|ya que) (viste|has visto|miraste|has mirado)', REC, B],
    [
      '(los clientes|clientes|quienes|las personas|otros) que (vieron|compraron|miraron) este (producto|artículo)',
      REC,
      B,
      I2I,
    ],
    ['(otros clientes|los clientes) también (vieron|compraron)', REC, B, I2I],
    ['(frecuentemente|habitualmente) comprados juntos', REC, B, I2I],
    ['(se compran|comprados) juntos (a menudo|frecuentemente|habitualmente)', REC, B, I2I],
    ['también te (puede|podría|pueden|podrían) (gustar|interesar)', REC, B, I2I],
    ['te (puede|podría|pueden|podrían) (interesar|gustar)', REC, B, I2I],
    ['(quizás|quizá|puede que) (también )?te (guste|gusten|interese|interesen)', REC, B, I2I],
    ['(productos|artículos) similares', REC, B, I2I],
    ['(vistos|visto|vistas|consultados|visitados) recientemente', RV, B],
    ['(productos|artículos) (vistos|consultados|visitados) (recientemente|últimamente)', RV, B],
    ['(tus )?(últimos|últimas) (productos|artículos)? (vistos|consultados|visitados)', RV, B],
    ['(tu|su) historial de navegación', RV, B],
    ['(volver a|vuelve a) (comprar|pedir)', REC, P],
    ['comprar de nuevo', REC, P],
    ['(basado|basados|según) (en )?(tus|sus) compras', REC, P],
    ['(basado|basados|según) (en )?(tus|sus) búsquedas', REC, S],
    ['(ofertas|promociones|cupones|descuentos) (exclusivas |exclusivos )?para (ti|usted)', OFFER, BP],
    ['(tus|sus) (ofertas|cupones|descuentos)( personalizadas| personalizados| exclusivas| exclusivos)?', OFFER, BP],
    ['(ofertas|promociones) personalizadas', OFFER, BP],
    ['(cerca de ti|en tu tienda|en su tienda|cerca de usted)', OFFER, L],
    ['productos patrocinados relacionados con (este artículo|este producto)', AD, B, I2I],
  ]),
  ...lang('it', [
    ['(consigliati|consigliato|consigliate|raccomandati|suggeriti|selezionati|scelti|pensati) per te', REC, B],
    ['(i nostri consigli|le nostre proposte|consigli|proposte) per te', REC, B],
    ['(i tuoi|le tue) (consigli|raccomandazioni|suggerimenti)', REC, B],
    ['(solo|proprio|appositamente) per te', REC, B],
    ['(ispirato|ispirati|ispirata|basato|basati|in base) (a|alla|dalla|sulla) tua (cronologia|navigazione)', REC, B],
    ['perché hai (visto|guardato|visualizzato)', REC, B],
    [
      '(i clienti|chi ha|clienti) che hanno (visto|visualizzato|acquistato|guardato) questo (articolo|prodotto)',
      REC,
      B,
      I2I,
    ],
    ['chi ha (visto|acquistato|guardato) questo (articolo|prodotto)', REC, B, I2I],
    ['(spesso|frequentemente) acquistati insieme', REC, B, I2I],
    ['(potrebbe|potrebbero) (anche )?(interessarti|piacerti)( anche)?', REC, B, I2I],
    ['ti (potrebbe|potrebbero) (anche )?(piacere|interessare)', REC, B, I2I],
    ['(prodotti|articoli) simili', REC, B, I2I],
    ['(visti|visto|viste|visualizzati|consultati) (di recente|recentemente)', RV, B],
    ['(articoli|prodotti) (visti|visualizzati|consultati) (di recente|recentemente)', RV, B],
    ['ultimi (articoli |prodotti )?(visti|visualizzati|consultati)', RV, B],
    ['(la tua|tua) cronologia( di navigazione)?', RV, B],
    ['(acquista|compra|ordina) di nuovo', REC, P],
    ['riacquista', REC, P],
    ['in base ai tuoi acquisti', REC, P],
    ['in base alle tue ricerche', REC, S],
    ['(offerte|promozioni|coupon|sconti) (riservate |riservati |solo |personalizzate )?per te', OFFER, BP],
    ['(le tue|i tuoi) (offerte|coupon|buoni|sconti)', OFFER, BP],
    ['(offerte|promozioni) personalizzate', OFFER, BP],
    ['(vicino a te|nel tuo negozio|nel tuo punto vendita)', OFFER, L],
    ['prodotti sponsorizzati correlati a questo articolo', AD, B, I2I],
  ]),
  ...lang('nl', [
    ['(aanbevolen|geselecteerd|uitgekozen|gekozen) voor (jou|u|je)', REC, B],
    ['(aanbevelingen|aanraders|tips|suggesties) voor (jou|u|je)', REC, B],
    ['(jouw|uw|je) (persoonlijke )?(aanbevelingen|aanraders|suggesties)', REC, B],
    ['(speciaal|alleen|extra) voor (jou|u|je)', REC, B],
    [
      '(geïnspireerd|gebaseerd) (door|op) (je|jouw|uw) (browsegeschiedenis|geschiedenis|kijkgedrag|zoekgeschiedenis|interesses)',
      REC,
      B,
    ],
    ['omdat (je|jij|u) * (bekeken|bekeek)', REC, B],
    ['omdat (je|jij|u) (bekeek|keek naar)', REC, B],
    [
      '(op basis van|gebaseerd op) (je|jouw|uw) (kijkgedrag|browsegedrag|zoekgedrag|interesses|browsegeschiedenis)',
      REC,
      B,
    ],
    ['klanten die (dit|deze) (artikel|product) (bekeken|bekeek|kochten|kocht)', REC, B, I2I],
    ['(anderen|klanten) (bekeken|kochten) ook', REC, B, I2I],
    ['(vaak|veel) samen gekocht', REC, B, I2I],
    ['(dit vind je|misschien vind je dit|je vindt dit) (misschien )?ook (leuk|interessant)', REC, B, I2I],
    ['misschien ook (leuk|interessant)( voor (jou|u))?', REC, B, I2I],
    ['(vergelijkbare|soortgelijke) (artikelen|producten)', REC, B, I2I],
    ['(onlangs|recent|laatst|eerder|recentelijk) bekeken( artikelen| producten)?', RV, B],
    ['(je|jouw|uw) (laatst |recent )?bekeken (artikelen|producten)', RV, B],
    ['(je|jouw|uw) (browsegeschiedenis|kijkgeschiedenis)', RV, B],
    ['(opnieuw|nog een keer|nogmaals) (kopen|bestellen)', REC, P],
    ['(gebaseerd op|op basis van) (je|jouw|uw) (aankopen|bestellingen)', REC, P],
    ['(gebaseerd op|op basis van) (je|jouw|uw) (zoekopdrachten|zoekgeschiedenis)', REC, S],
    ['(aanbiedingen|acties|kortingen|deals) (speciaal )?voor (jou|u|je)', OFFER, BP],
    ['(jouw|uw|je) (persoonlijke )?(aanbiedingen|acties|kortingen|voordeel)', OFFER, BP],
    ['persoonlijke (aanbiedingen|acties|kortingen)', OFFER, BP],
    ['(bij (jou|u) in de buurt|in (jouw|je|uw) winkel)', OFFER, L],
    ['gesponsorde producten (gerelateerd aan|bij) dit (artikel|product)', AD, B, I2I],
  ]),
  ...lang('pt', [
    [
      '(recomendado|recomendados|recomendada|recomendadas|selecionado|selecionados|selecionadas|escolhidos|pensado|pensados) para (você|voce|ti)',
      REC,
      B,
    ],
    ['(nossas |minhas )?recomendações para (você|voce|ti)', REC, B],
    ['(suas|tuas) recomendações', REC, B],
    ['(especialmente|só|somente|exclusivamente) para (você|voce|ti)', REC, B],
    ['(baseado|baseados|inspirado|inspirados|com base) (no|em|na) (seu |teu |sua |tua )?(histórico|navegação)', REC, B],
    ['porque (você viu|viste|você visualizou|você olhou)', REC, B],
    [
      '(quem|clientes que|pessoas que|os clientes que) (viu|viram|comprou|compraram|visualizou|visualizaram) este (produto|item|artigo)',
      REC,
      B,
      I2I,
    ],
    ['(clientes|pessoas) também (viram|compraram)', REC, B, I2I],
    ['(frequentemente|normalmente) comprados juntos', REC, B, I2I],
    ['comprados juntos (com frequência|frequentemente)', REC, B, I2I],
    ['(você|tu) (também )?(pode|podes|poderia|vai) (gostar|curtir)( também)?', REC, B, I2I],
    ['(produtos|artigos|itens) (similares|semelhantes)', REC, B, I2I],
    ['(vistos|visto|visualizados|consultados|vistas) recentemente', RV, B],
    ['(produtos|artigos|itens) (vistos|visualizados|consultados) recentemente', RV, B],
    ['(seus |teus )?(últimos|ultimos) (produtos |itens |artigos )?(vistos|visualizados|consultados)', RV, B],
    ['(seu|teu) histórico( de navegação)?', RV, B],
    ['(compre|comprar|compra) (novamente|de novo|outra vez)', REC, P],
    ['com base (nas suas|nas tuas|em suas) compras', REC, P],
    ['com base (nas suas|nas tuas|em suas) (pesquisas|buscas)', REC, S],
    ['(ofertas|promoções|cupons|descontos) (exclusivas |exclusivos )?para (você|voce|ti)', OFFER, BP],
    ['(suas|tuas) (ofertas|promoções|cupons)', OFFER, BP],
    ['(ofertas|promoções) (personalizadas|exclusivas)', OFFER, BP],
    ['(perto de (você|voce|ti)|na sua loja|na tua loja)', OFFER, L],
    ['produtos patrocinados relacionados a este (item|produto)', AD, B, I2I],
  ]),
  ...lang('ja', [
    ['あなたへのおすすめ', REC, B],
    ['あなたにおすすめ', REC, B],
    ['あなたへのオススメ', REC, B],
    ['あなたにオススメ', REC, B],
    ['あなたへのお勧め', REC, B],
    ['あなたにぴったり', REC, B],
    ['あなたのためのおすすめ', REC, B],
    ['閲覧履歴に基づく', REC, B],
    ['閲覧履歴からのおすすめ', REC, B],
    ['閲覧履歴からおすすめ', REC, B],
    ['チェックした商品に関連', REC, B],
    ['この商品を見た人はこんな商品も見ています', REC, B, I2I],
    ['この商品を見た人は', REC, B, I2I],
    ['この商品をチェックした人は', REC, B, I2I],
    ['この商品を見ている人におすすめ', REC, B, I2I],
    ['この商品を買った人は', REC, B, I2I],
    ['よく一緒に購入されている商品', REC, B, I2I],
    ['一緒に購入されている商品', REC, B, I2I],
    ['最近チェックした', RV, B],
    ['最近見た商品', RV, B],
    ['最近閲覧した', RV, B],
    ['閲覧履歴', RV, B],
    ['チェックした商品', RV, B],
    ['もう一度購入', REC, P],
    ['再購入', REC, P],
    ['購入履歴からのおすすめ', REC, P],
    ['購入履歴に基づく', REC, P],
    ['あなただけの', OFFER, BP],
    ['あなた限定', OFFER, BP],
    ['あなたへのクーポン', OFFER, BP],
    ['近くの店舗', OFFER, L],
  ]),
];

function decoys(code: HeadingLanguage, patterns: string[]): DecoyPhrase[] {
  return patterns.map((pattern) => ({ lang: code, pattern }));
}

/** Rows that are the same for every visitor. */
export const DECOY_HEADINGS: readonly DecoyPhrase[] = [
  ...decoys('en', [
    '(best|top) (sellers|selling)',
    'bestsellers',
    'new (arrivals|in|releases|this week|products)',
    'just (in|landed|arrived)',
    'trending( now| products| items| this week)?',
    "(top|today's|hot|weekly|daily|featured) deals",
    '(deal|deals) of the (day|week)',
    'shop by (category|brand|department|room|style)',
    'popular (products|items|categories|brands|right now|now)',
    'most popular',
    'top rated',
    'highest rated',
    'featured (products|items|brands|collections)',
    "(staff|editor's|editors'|editors) picks",
    'gift ideas',
    'on sale',
    'clearance',
    'limited time (offers|deals)',
    'customer favorites',
    'customer favourites',
    "what's new",
  ]),
  ...decoys('de', [
    'bestseller',
    'topseller',
    'meistverkauft',
    'neuheiten',
    'neu (eingetroffen|im sortiment|eingetroffen)',
    'im trend',
    'trends',
    'top (angebote|deals)',
    'angebote der woche',
    'angebot des tages',
    'tagesangebote',
    'beliebte (kategorien|produkte|artikel|marken)',
    'nach kategorie',
    'kategorien',
    'sale',
    'unsere highlights',
    'wochenangebote',
  ]),
  ...decoys('fr', [
    'meilleures ventes',
    'top ventes',
    'nouveautés',
    'nouveaux produits',
    'nouvelle collection',
    '(tendance|tendances)',
    'bons plans',
    'promotions',
    'les plus populaires',
    'offres du moment',
    '(acheter|achetez) par catégorie',
    'nos coups de coeur',
    'les incontournables',
    'soldes',
  ]),
  ...decoys('es', [
    '(los )?más vendidos',
    'novedades',
    '(tendencia|tendencias)',
    'ofertas (destacadas|del día|de la semana)',
    'comprar por categoría',
    '(lo|los) más (popular|populares)',
    'destacados',
    'rebajas',
  ]),
  ...decoys('it', [
    '(i )?più venduti',
    'novità',
    'nuovi arrivi',
    'di tendenza',
    'tendenze',
    'offerte (del giorno|della settimana|imperdibili)',
    'acquista per categoria',
    '(i )?più popolari',
    'in evidenza',
    'saldi',
  ]),
  ...decoys('nl', [
    'bestsellers',
    'best verkocht',
    'nieuw binnen',
    'nieuw',
    'populair',
    'populaire (producten|artikelen)',
    'trending',
    'dagaanbiedingen',
    'deals van de (dag|week)',
    '(winkel|shop) per categorie',
    'topdeals',
    'uitverkoop',
  ]),
  ...decoys('pt', [
    'mais vendidos',
    'novidades',
    'lançamentos',
    'em alta',
    'tendências',
    'ofertas (do dia|da semana|em destaque)',
    'compre por categoria',
    'destaques',
    'mais populares',
    'promoções',
  ]),
  ...decoys('ja', [
    'ランキング',
    '売れ筋',
    '新着',
    '新商品',
    '人気商品',
    '人気アイテム',
    'カテゴリから探す',
    'セール',
    'お買い得',
    'タイムセール',
  ]),
];

// ---------------------------------------------------------------------------------------------
// Normalization and the compiled matcher.

const COMBINING_MARKS = /[\u0300-\u036f]/g;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const ASCII = /^[\x00-\x7f]*$/;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Lower case, compatibility forms folded (full-width letters, ligatures), Latin diacritics removed,
 * every run of punctuation, quotes or white space turned into one space. Kana keep their voicing marks.
 */
export function normalizeHeading(text: string): string {
  // Plain ASCII (most headings) needs no Unicode folding.
  if (ASCII.test(text)) return text.toLowerCase().replace(NON_WORD, ' ').trim();
  let s = text.normalize('NFKC').toLowerCase().normalize('NFD');
  s = s.replace(COMBINING_MARKS, '').normalize('NFC');
  return s.replace(NON_WORD, ' ').trim();
}

/** Turns a literal run of words into regex source where every word is followed by one space. */
function literal(words: string, cjk: boolean): string {
  const n = normalizeHeading(words);
  if (n === '') return '';
  if (cjk) return escapeRegExp(n.replace(/ /g, ''));
  return n
    .split(' ')
    .map((w) => escapeRegExp(w) + ' ')
    .join('');
}

/**
 * Compiles one pattern to regex source. Latin patterns consume the space after each word, so the text
 * is matched as " words words " with a look-behind for the leading space.
 */
export function compilePattern(pattern: string): { source: string; cjk: boolean } {
  const cjk = CJK.test(pattern);
  let i = 0;
  const n = pattern.length;

  function sequence(): string {
    let out = '';
    while (i < n) {
      const c = pattern[i];
      if (c === ' ') {
        i++;
        continue;
      }
      if (c === ')' || c === '|') break;
      let piece: string;
      if (c === '(') {
        i++;
        const alts = [sequence()];
        while (pattern[i] === '|') {
          i++;
          alts.push(sequence());
        }
        if (pattern[i] !== ')') throw new Error(`unbalanced "(" in heading pattern: ${pattern}`);
        i++;
        piece = `(?:${alts.join('|')})`;
      } else if (c === '*') {
        piece = cjk ? '.{1,30}?' : '(?:[^ ]+ ){1,6}?';
        i++;
      } else {
        let j = i;
        while (j < n && !' ()|?*'.includes(pattern[j])) j++;
        piece = literal(pattern.slice(i, j), cjk);
        i = j;
      }
      if (pattern[i] === '?') {
        piece = `(?:${piece})?`;
        i++;
      }
      out += piece;
    }
    return out;
  }

  const source = sequence();
  if (i !== n) throw new Error(`unbalanced ")" in heading pattern: ${pattern}`);
  if (new RegExp(`^(?:${source})$`).test('')) throw new Error(`heading pattern matches nothing: ${pattern}`);
  return { source, cjk };
}

/**
 * Words of which at least one must appear in any text the pattern matches (whole normalized words),
 * or null when the pattern has no such word (then it cannot be prefiltered).
 */
export function patternAnchors(pattern: string): Set<string> | null {
  let i = 0;
  const n = pattern.length;
  function sequence(): Set<string> | null {
    let wordAnchor: Set<string> | null = null;
    let groupAnchor: Set<string> | null = null;
    while (i < n) {
      const c = pattern[i];
      if (c === ' ') {
        i++;
        continue;
      }
      if (c === ')' || c === '|') break;
      let anchor: Set<string> | null = null;
      let isWord = false;
      if (c === '(') {
        i++;
        const alts = [sequence()];
        while (pattern[i] === '|') {
          i++;
          alts.push(sequence());
        }
        i++;
        if (alts.every((a) => a !== null)) anchor = new Set(alts.flatMap((a) => [...a!]));
      } else if (c === '*') {
        i++;
      } else {
        let j = i;
        while (j < n && !' ()|?*'.includes(pattern[j])) j++;
        const words = normalizeHeading(pattern.slice(i, j))
          .split(' ')
          .filter((w) => w !== '');
        i = j;
        if (words.length) {
          anchor = new Set([words.reduce((a, b) => (b.length > a.length ? b : a))]);
          isWord = true;
        }
      }
      if (pattern[i] === '?') {
        i++;
        anchor = null;
      }
      if (anchor) {
        if (isWord) {
          const prev = wordAnchor ? [...wordAnchor][0] : '';
          const cur = [...anchor][0];
          if (cur.length > prev.length) wordAnchor = anchor;
        } else groupAnchor ??= anchor;
      }
    }
    return wordAnchor ?? groupAnchor;
  }
  return sequence();
}

interface CompiledSet<T> {
  regex: RegExp;
  /** entries[k] belongs to capture group k + 1. */
  entries: T[];
  /** Whole words one of which every Latin-script match contains; null disables the prefilter. */
  anchors: Set<string> | null;
  hasCjk: boolean;
}

function compileSet<T extends { pattern: string }>(list: readonly T[]): CompiledSet<T> {
  const compiled = list.map((entry) => ({ entry, ...compilePattern(entry.pattern) }));
  // Longer patterns first: at one position the first alternative that matches wins.
  compiled.sort((a, b) => b.source.length - a.source.length);
  const latin = compiled.filter((c) => !c.cjk);
  const cjk = compiled.filter((c) => c.cjk);
  const entries = [...latin, ...cjk].map((c) => c.entry);
  const latinSource = latin.length ? `(?<= )(?:${latin.map((c) => `(${c.source})`).join('|')})` : '';
  const cjkSource = cjk.map((c) => `(${c.source})`).join('|');
  const source = [latinSource, cjkSource].filter((s) => s !== '').join('|');
  let anchors: Set<string> | null = new Set();
  for (const c of latin) {
    const a = patternAnchors(c.entry.pattern);
    if (!a) {
      anchors = null;
      break;
    }
    for (const w of a) anchors.add(w);
  }
  return { regex: new RegExp(source, 'g'), entries, anchors, hasCjk: cjk.length > 0 };
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;

/** Cheap reject: no anchor word and no CJK text means no pattern of the set can match. */
function mayMatchSet(set: CompiledSet<unknown>, norm: string, raw: string): boolean {
  if (!set.anchors) return true;
  if (set.hasCjk && NON_ASCII.test(raw)) return true;
  let start = 0;
  while (start <= norm.length) {
    let end = norm.indexOf(' ', start);
    if (end < 0) end = norm.length;
    if (set.anchors.has(norm.slice(start, end))) return true;
    start = end + 1;
  }
  return false;
}

let personalized: CompiledSet<HeadingPhrase> | undefined;
let decoy: CompiledSet<DecoyPhrase> | undefined;

/** The compiled sets (exported for tests that check every pattern can be prefiltered). */
export function sets(): { personalized: CompiledSet<HeadingPhrase>; decoy: CompiledSet<DecoyPhrase> } {
  personalized ??= compileSet(PERSONALIZED_HEADINGS);
  decoy ??= compileSet(DECOY_HEADINGS);
  return { personalized, decoy };
}

function firstGroup(m: RegExpExecArray): number {
  for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return g - 1;
  return -1;
}

export type HeadingMatch =
  | {
      type: 'personalized';
      kind: PlacementKind;
      categories: Category[];
      basis: HeadingBasis;
      phrases: HeadingPhrase[];
    }
  | { type: 'decoy'; phrases: DecoyPhrase[] };

/** Longest text we treat as a heading; longer text is a paragraph, not a row title. */
export const MAX_HEADING_LENGTH = 160;

/**
 * Classifies heading text. Personalized phrases win over decoys ("Best sellers for you" counts).
 * Returns null when neither matches, the text is empty or too long to be a heading.
 * With `personalizedOnly` decoys are not looked for (the scan of every heading needs only the positives).
 */
export function matchHeading(text: string, personalizedOnly = false): HeadingMatch | null {
  if (text.length === 0 || text.length > MAX_HEADING_LENGTH * 2) return null;
  const norm = normalizeHeading(text);
  if (norm.length === 0 || norm.length > MAX_HEADING_LENGTH) return null;
  const padded = ` ${norm} `;
  const s = sets();
  const re = s.personalized.regex;
  re.lastIndex = 0;
  let m = mayMatchSet(s.personalized, norm, text) ? re.exec(padded) : null;
  if (m) {
    const phrases: HeadingPhrase[] = [];
    while (m) {
      const k = firstGroup(m);
      if (k >= 0) phrases.push(s.personalized.entries[k]);
      if (m[0].length === 0) re.lastIndex++;
      m = re.exec(padded);
    }
    const first = phrases[0];
    const categories = new Set<Category>();
    for (const p of phrases) for (const c of p.categories) categories.add(c);
    return {
      type: 'personalized',
      kind: first.kind,
      categories: [...categories],
      basis: phrases.some((p) => p.basis === 'personal') ? 'personal' : 'item-to-item',
      phrases,
    };
  }
  if (personalizedOnly) return null;
  const d = s.decoy.regex;
  d.lastIndex = 0;
  const dm = mayMatchSet(s.decoy, norm, text) ? d.exec(padded) : null;
  if (dm) {
    const k = firstGroup(dm);
    return { type: 'decoy', phrases: k >= 0 ? [s.decoy.entries[k]] : [] };
  }
  return null;
}
