/** The data categories of DESIGN.md (contract v1): the one list every other module derives from. */
export const CATEGORIES = [
  'browsing',
  'search',
  'purchases',
  'identifiers',
  'contact',
  'location',
  'device',
  'behavior',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_INFO: Record<Category, { name: string; covers: string }> = {
  browsing: { name: 'Browsing', covers: 'pages and products viewed, referrer, page titles, time on page' },
  search: { name: 'Search', covers: 'terms you searched for on the site' },
  purchases: { name: 'Purchases', covers: 'cart contents, add-to-cart, order id, revenue, products bought' },
  identifiers: { name: 'Identifiers', covers: 'cookie, user, device and advertising IDs, click IDs' },
  contact: { name: 'Contact', covers: 'email, phone, name, postal address, plain or hashed' },
  location: { name: 'Location', covers: 'precise geolocation, postal code, city, chosen store' },
  device: { name: 'Device', covers: 'user agent, screen, language, timezone, fingerprinting signals' },
  behavior: { name: 'Behavior', covers: 'session replay: mouse, scroll, click and keystroke recording' },
};

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && CATEGORY_SET.has(value);
}

/** Categories in canonical order, without duplicates. */
export function sortCategories(categories: Iterable<Category>): Category[] {
  const present = new Set(categories);
  return CATEGORIES.filter((c) => present.has(c));
}
