import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';
import { walkJson } from '../wire/json';

// Nosto: connect.nosto.com/ev1 (page events: {cid, url, ref, page_type, events:[["vp","<id>"],
// ["vc","<category>"]], cart, customer:{email, first_name…}, order, search_terms}), the session
// GraphQL API (api.nosto.com/v1/graphql) and Nosto Search (search.nosto.com/v1/graphql, query term).
const EVENT_CODES: Record<string, Category> = {
  vp: 'browsing',
  vc: 'browsing',
  vh: 'browsing',
  vq: 'search',
  vs: 'search',
  ac: 'purchases',
  cp: 'purchases',
  oc: 'purchases',
};

const PARAMS: Table = { cid: 'identifiers', c: 'identifiers', url: 'browsing', ref: 'browsing', page_type: 'browsing' };

const BODY: Table = {
  cid: 'identifiers',
  customer_reference: 'identifiers',
  url: 'browsing',
  ref: 'browsing',
  page_type: 'browsing',
  cart: 'purchases',
  order: 'purchases',
  order_number: 'purchases',
  search_terms: 'search',
  email: 'contact',
  first_name: 'contact',
  last_name: 'contact',
};

export const nosto = defineDecoder({
  id: 'nosto',
  hosts: ['nosto.com'],
  matchesPath: (path) =>
    path.startsWith('/ev1') ||
    path.startsWith('/v1/graphql') ||
    path.startsWith('/pv1') ||
    path.startsWith('/sc') ||
    path.startsWith('/ev'),
  decode(req, sink) {
    addParams(req.params, PARAMS, 'url', sink);
    const json = req.bodyJson();
    if (!json) return;
    walkJson(json, (key, value) => {
      if (key === 'events' && Array.isArray(value)) {
        for (const entry of value.slice(0, 32)) {
          const code = Array.isArray(entry) ? entry[0] : undefined;
          if (typeof code === 'string' && EVENT_CODES[code]) sink.add(EVENT_CODES[code]!, 'body', 'events', code);
        }
        return true;
      }
      // GraphQL: a search query string or session mutation with VIEWED_PRODUCT / ADDED_TO_CART targets.
      if (key === 'query' && typeof value === 'string') {
        if (/VIEWED_PRODUCT|VIEWED_CATEGORY/.test(value)) sink.add('browsing', 'body', 'graphql', 'viewed');
        if (/ADDED_TO_CART|PLACED_ORDER|cart/i.test(value) && /mutation/.test(value))
          sink.add('purchases', 'body', 'graphql', 'cart');
        if (/search\s*\(/.test(value) && req.host.startsWith('search.'))
          sink.add('search', 'body', 'graphql', 'search');
      }
    });
    addJsonKeys(json, BODY, 'body', sink);
    if (req.host.startsWith('search.')) {
      const variables = (json as Record<string, unknown>).variables as Record<string, unknown> | undefined;
      const term = variables?.query ?? variables?.term;
      if (typeof term === 'string' && term) sink.add('search', 'body', 'variables.query', term);
    }
  },
});
