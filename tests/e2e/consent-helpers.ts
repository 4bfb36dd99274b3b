/**
 * What the demo store's server received, read per data category: the receiving side of the consent
 * e2e tests. Each check looks for the shopper's actual data (search terms, order ids, cookie IDs,
 * hashed email, coordinates), not for our own classification of it.
 */
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { ReceivedRequest } from '../../demo-store/server';
import { DEMO_SHOPPER } from '../../demo-store/journey';
import type { Category } from '../../utils/categories';
import type { ExtensionBrowser } from '../../cli/browser';

const FIRST_PARTY = /(^|\.)demo-store(-cdn)?\.test$/;
// Chromium's own background traffic also reaches the loopback server.
const BROWSER_HOSTS = /(^|\.)(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)$/;

export function thirdPartyRequests(log: ReceivedRequest[]): ReceivedRequest[] {
  return log.filter((r) => r.method !== 'OPTIONS' && !FIRST_PARTY.test(r.host) && !BROWSER_HOSTS.test(r.host));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

const urlText = (r: ReceivedRequest) => decoded(`${r.path}${r.query}`);
const allText = (r: ReceivedRequest) => `${urlText(r)}\n${decoded(r.body)}\n${r.headers.cookie ?? ''}`;

export interface ShopperIds {
  /** Values of the IDs the demo trackers keep in first-party cookies (GA client id, fbp, ttp, dyid). */
  ids: string[];
}

export async function shopperIds(page: Page): Promise<ShopperIds> {
  const cookies = await page.context().cookies('https://www.demo-store.test/');
  const value = (name: string) => cookies.find((c) => c.name === name)?.value;
  const ga = value('_ga')?.split('.').slice(2).join('.');
  return { ids: [ga, value('_fbp'), value('_dyid')].filter((v): v is string => !!v) };
}

const emailHash = createHash('sha256').update(DEMO_SHOPPER.email.trim().toLowerCase()).digest('hex');

/**
 * Third-party requests that carried a category, as the server received them. Where an extension
 * cannot reach (POST bodies in Chrome MV3) the check reads only what the popup promises to stop.
 */
export function carriers(category: Category, log: ReceivedRequest[], ids: ShopperIds): ReceivedRequest[] {
  const third = thirdPartyRequests(log);
  switch (category) {
    case 'browsing':
      return third.filter((r) => /www\.demo-store\.test\/(product|search|cart|checkout|stores)/.test(allText(r)));
    case 'search':
      return third.filter((r) => /rain jacket/i.test(allText(r)));
    case 'purchases':
      return third.filter((r) =>
        /DO-\d{6,}|\bpurchase\b|\bPurchase\b|CompletePayment|add_to_cart|AddToCart|Add to Cart|e=vc/.test(allText(r)),
      );
    case 'identifiers':
      // Promise: ID parameters and cookies removed from tracker requests (bodies excepted).
      return third.filter((r) =>
        ids.ids.some((id) => urlText(r).includes(id) || (r.headers.cookie ?? '').includes(id)),
      );
    case 'contact':
      return third.filter((r) => {
        const t = allText(r);
        return t.includes(emailHash) || t.toLowerCase().includes(DEMO_SHOPPER.email.trim().toLowerCase());
      });
    case 'location':
      return third.filter((r) => /(?<![\d.])(94105|37\.78\d*|-122\.39\d*)(?![\d])/.test(allText(r)));
    case 'device':
      // Promise: screen, language and device parameters removed from tracker URLs (bodies excepted).
      return third.filter((r) => /[?&](sr|sw|sh|ul|vp)=/.test(`${r.path}${r.query}`));
    case 'behavior':
      return third.filter((r) => /(^|\.)fullstory\.com$/.test(r.host));
  }
}

type DnrRule = { id: number };

export async function dynamicRules(ext: ExtensionBrowser): Promise<DnrRule[]> {
  return ext.worker.evaluate(() =>
    (
      globalThis as unknown as { chrome: { declarativeNetRequest: { getDynamicRules(): Promise<DnrRule[]> } } }
    ).chrome.declarativeNetRequest.getDynamicRules(),
  );
}
