import { parseQuery } from '../wire/params';
import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';
import { isSearchText, safeDecode } from '../wire/shapes';

// Heap: heapanalytics.com/h?a=<app>&u=<user>&v=…&s=<session>&b=web&tz=…&d=<domain>&h=<path>&q=<page
// query string>&t=<title>&r=<referrer>, and the JSON APIs /api/track, /api/identify,
// /api/add_user_properties ({app_id, identity, properties}). Heap autocaptures every click and
// form change; captured events carry the clicked element's selector and text.
const PARAMS: Table = {
  u: 'identifiers',
  s: 'identifiers',
  i: 'identifiers',
  d: 'browsing',
  h: 'browsing',
  t: 'browsing',
  r: 'browsing',
  tz: 'device',
  sw: 'device',
  sh: 'device',
};

const BODY: Table = { identity: 'identifiers', user_id: 'identifiers', email: 'contact' };

const SEARCH_KEYS = new Set(['q', 'query', 'search', 'searchterm', 'search_term', 'keyword', 'keywords']);

export const heap = defineDecoder({
  id: 'heap',
  hosts: ['heapanalytics.com', 'heap-api.com'],
  matchesPath: (path) =>
    path === '/h' || path.startsWith('/api/') || path.startsWith('/v1/') || path.startsWith('/js/'),
  decode(req, sink) {
    const { params } = req;
    if (req.path.startsWith('/js/')) return;
    addParams(params, PARAMS, 'url', sink);
    // q is the page's own query string: a site search term inside it is search data.
    const pageQuery = params.get('q');
    if (pageQuery) {
      for (const [key, value] of parseQuery(pageQuery.startsWith('?') ? pageQuery.slice(1) : pageQuery)) {
        const term = safeDecode(value);
        if (SEARCH_KEYS.has(key.toLowerCase()) && isSearchText(term)) sink.add('search', 'url', `q→${key}`, term);
      }
    }
    for (const [key, value] of params) {
      // Autocaptured interactions: k<n> / n<n> hold event types and target selectors.
      if (/^[kn]\d*$/.test(key) && /click|change|submit/.test(value)) {
        sink.add('behavior', 'url', key, value);
        break;
      }
    }
    const json = req.bodyJson();
    if (json) addJsonKeys(json, BODY, 'body', sink);
  },
});
