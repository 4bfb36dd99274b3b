import { describe, expect, it } from 'vitest';
import { pickSameSitePages } from '../../../utils/audit/links';

const link = (url: string, search = false) => ({ url, search });

describe('pickSameSitePages', () => {
  const home = 'https://www.shop.test/';
  const links = [
    link('https://www.shop.test/'),
    link('https://www.shop.test/stores'),
    link('https://www.shop.test/search?q=shoes', true),
    link('https://www.other.test/product/x'),
    link('https://cdn.shop.test/product/trail-runner#reviews'),
    link('https://www.shop.test/product/trail-runner'),
    link('https://www.shop.test/product/rain-jacket'),
    link('https://www.shop.test/account/logout'),
    link('https://www.shop.test/catalogue.pdf'),
    link('mailto:help@shop.test'),
  ];

  it('a product, then a search, then the rest; same site only, nothing twice', () => {
    expect(pickSameSitePages(links, 'shop.test', [home], 2)).toEqual([
      'https://cdn.shop.test/product/trail-runner',
      'https://www.shop.test/search?q=shoes',
    ]);
    expect(pickSameSitePages(links, 'shop.test', [home], 10)).toEqual([
      'https://cdn.shop.test/product/trail-runner',
      'https://www.shop.test/search?q=shoes',
      'https://www.shop.test/stores',
      'https://www.shop.test/product/trail-runner',
      'https://www.shop.test/product/rain-jacket',
    ]);
  });

  it('nothing more when the budget is spent', () => {
    expect(pickSameSitePages(links, 'shop.test', [home], 0)).toEqual([]);
    expect(pickSameSitePages([link('https://www.other.test/')], 'shop.test', [home], 3)).toEqual([]);
  });
});
