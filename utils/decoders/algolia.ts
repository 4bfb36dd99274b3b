import { parseQuery, type Params } from '../wire/params';
import type { EvidenceSink } from '../wire/evidence';
import { defineDecoder } from './types';
import { walkJson } from '../wire/json';
import { isCoordinatePair, isSearchText } from '../wire/shapes';

// Algolia search (<APP>-dsn.algolia.net/1/indexes/*/queries, /1/indexes/<index>/query: JSON
// {requests:[{indexName, params:"query=…&userToken=…"}]} or {query, userToken, aroundLatLng}) and
// Insights (insights.algolia.io/1/events: {events:[{eventType: view|click|conversion, eventSubtype:
// addToCart|purchase, userToken, authenticatedUserToken, objectIDs, queryID, value}]}).
function searchParams(params: Params, sink: EvidenceSink, where: 'url' | 'body'): void {
  const query = params.get('query');
  if (query && isSearchText(query)) sink.add('search', where, 'query', query);
  for (const key of ['userToken', 'x-algolia-usertoken']) {
    const token = params.get(key);
    if (token) sink.add('identifiers', where, key, token);
  }
  const around = params.get('aroundLatLng');
  if (around && isCoordinatePair(around)) sink.add('location', where, 'aroundLatLng', around);
  if (params.get('aroundLatLngViaIP') === 'true') sink.add('location', where, 'aroundLatLngViaIP', 'true');
}

function decodeSearchJson(json: unknown, sink: EvidenceSink): void {
  walkJson(json, (key, value) => {
    if (typeof value !== 'string') return;
    if (key === 'params') searchParams(parseQuery(value.length > 8192 ? value.slice(0, 8192) : value), sink, 'body');
    else if (key === 'query' && isSearchText(value)) sink.add('search', 'body', 'query', value);
    else if (key === 'userToken' || key === 'authenticatedUserToken') sink.add('identifiers', 'body', key, value);
    else if (key === 'aroundLatLng' && isCoordinatePair(value)) sink.add('location', 'body', key, value);
  });
}

function decodeInsights(json: unknown, sink: EvidenceSink): void {
  walkJson(json, (key, value) => {
    if (typeof value !== 'string') {
      if (key === 'objectIDs' && Array.isArray(value))
        sink.add('browsing', 'body', 'objectIDs', `[${value.length} items]`);
      return;
    }
    if (key === 'userToken' || key === 'authenticatedUserToken') sink.add('identifiers', 'body', key, value);
    else if (key === 'eventType' && (value === 'view' || value === 'click')) sink.add('browsing', 'body', key, value);
    else if (key === 'eventSubtype' && (value === 'addToCart' || value === 'purchase'))
      sink.add('purchases', 'body', key, value);
    else if (key === 'eventType' && value === 'conversion') sink.add('purchases', 'body', key, value);
    else if (key === 'queryID') sink.add('search', 'body', key, 'linked to a search');
  });
}

export const algolia = defineDecoder({
  id: 'algolia',
  hosts: ['algolia.net', 'algolianet.com', 'algolia.io'],
  matchesPath: (path) => path.startsWith('/1/'),
  decode(req, sink) {
    const token = req.record.headers?.['x-algolia-usertoken'] ?? req.record.headers?.['X-Algolia-UserToken'];
    if (token) sink.add('identifiers', 'header', 'x-algolia-usertoken', token);
    if (req.host.startsWith('insights')) {
      const json = req.bodyJson();
      if (json) decodeInsights(json, sink);
      return;
    }
    searchParams(req.params, sink, 'url');
    const json = req.bodyJson();
    if (json) decodeSearchJson(json, sink);
  },
});
