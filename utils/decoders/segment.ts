import type { Category } from '../categories';
import type { ParsedRequest } from '../wire/parsed-request';
import { defineDecoder } from './types';
import { addEventName, addJsonKeys, type Table } from './shared';
import { walkJson } from '../wire/json';

// Segment (analytics.js): api.segment.io/v1/{t,p,i,g,a,s,batch} with a JSON body: type, event,
// properties, traits, context (page, userAgent, locale, timezone, screen, location, campaign),
// anonymousId, userId, writeKey. Commonly proxied through the retailer's own domain, hence the
// cloaked signature (path + writeKey/anonymousId in the body).
const KEYS: Table = {
  anonymousId: 'identifiers',
  userId: 'identifiers',
  groupId: 'identifiers',
  previousId: 'identifiers',
  url: 'browsing',
  path: 'browsing',
  referrer: 'browsing',
  title: 'browsing',
  userAgent: 'device',
  locale: 'device',
  timezone: 'device',
  screen: 'device',
  query: 'search',
  order_id: 'purchases',
  orderId: 'purchases',
  checkout_id: 'purchases',
  cart_id: 'purchases',
  revenue: 'purchases',
  total: 'purchases',
  latitude: 'location',
  longitude: 'location',
  city: 'location',
  postalCode: 'location',
};

const TRAITS: Table = {
  email: 'contact',
  phone: 'contact',
  name: 'contact',
  firstName: 'contact',
  lastName: 'contact',
  address: 'contact',
  street: 'contact',
  postalCode: 'location',
  city: 'location',
};

const PATHS = /^\/v1\/(?:t|p|i|g|a|s|b|m|batch|track|page|identify|group|alias|screen)\/?$/;

function isSegmentBody(req: ParsedRequest): boolean {
  const json = req.bodyJson();
  if (!json || typeof json !== 'object') return false;
  const body = json as Record<string, unknown>;
  return (
    typeof body.writeKey === 'string' ||
    (typeof body.anonymousId === 'string' && typeof body.messageId === 'string') ||
    Array.isArray(body.batch)
  );
}

export const segment = defineDecoder({
  id: 'segment',
  hosts: ['api.segment.io', 'segment.io', 'events.eu1.segmentapis.com'],
  matchesPath: (path) => PATHS.test(path),
  cloaked: (req) => PATHS.test(req.path) && isSegmentBody(req),
  decode(req, sink) {
    const json = req.bodyJson();
    if (!json) return;
    walkJson(json, (key, value, parent) => {
      if (key === 'event' && typeof value === 'string') addEventName(value, 'body', 'event', sink);
      else if (key === 'type' && value === 'page') sink.add('browsing', 'body', 'type', 'page');
      else if (key === 'type' && value === 'identify') sink.add('identifiers', 'body', 'type', 'identify');
      else if (parent === 'traits' && typeof key === 'string' && TRAITS[key] && value) {
        sink.add(TRAITS[key]!, 'body', `traits.${key}`, typeof value === 'string' ? value : '{…}');
      } else if ((key === 'products' || key === 'product_id' || key === 'sku') && value) {
        const category: Category = 'browsing';
        sink.add(
          category,
          'body',
          `properties.${key}`,
          Array.isArray(value) ? `[${value.length} items]` : String(value),
        );
      }
    });
    addJsonKeys(json, KEYS, 'body', sink);
  },
});
