/** The demo store's products: enough variety for rows, search and a cart. */
export interface Product {
  slug: string;
  name: string;
  price: number;
  category: string;
  color: string;
}

export const PRODUCTS: readonly Product[] = [
  { slug: 'trail-runner', name: 'Trail Runner Shoe', price: 89.99, category: 'shoes', color: '#c0392b' },
  { slug: 'city-sneaker', name: 'City Sneaker', price: 64.5, category: 'shoes', color: '#2980b9' },
  { slug: 'rain-jacket', name: 'Packable Rain Jacket', price: 119, category: 'jackets', color: '#16a085' },
  { slug: 'wool-socks', name: 'Merino Wool Socks', price: 14.99, category: 'accessories', color: '#8e44ad' },
  { slug: 'day-pack', name: '20 L Day Pack', price: 54, category: 'bags', color: '#d35400' },
  { slug: 'fleece-hoodie', name: 'Fleece Hoodie', price: 59.95, category: 'tops', color: '#2c3e50' },
  { slug: 'sun-hat', name: 'Wide Brim Sun Hat', price: 29, category: 'accessories', color: '#f39c12' },
  { slug: 'water-bottle', name: 'Insulated Bottle 750 ml', price: 24.99, category: 'accessories', color: '#27ae60' },
];

export function productBySlug(slug: string): Product | undefined {
  return PRODUCTS.find((p) => p.slug === slug);
}

export function searchProducts(query: string): Product[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  return PRODUCTS.filter((p) => terms.every((t) => `${p.name} ${p.category}`.toLowerCase().includes(t)));
}
