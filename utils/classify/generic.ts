import type { Category } from '../categories';
import type { ParsedRequest } from './parsed-request';
import type { EvidenceSink } from '../decoders/types';

// First cut of the long-tail analyser: well-known parameter names only. Value-shape analysis,
// nested JSON and encoded payloads come with the classifier issue.
const PARAM_CATEGORIES: Record<string, Category> = {
  gclid: 'identifiers',
  fbclid: 'identifiers',
  ttclid: 'identifiers',
  msclkid: 'identifiers',
  uid: 'identifiers',
  user_id: 'identifiers',
  userid: 'identifiers',
  client_id: 'identifiers',
  device_id: 'identifiers',
  anonymous_id: 'identifiers',
  email: 'contact',
  phone: 'contact',
  lat: 'location',
  lng: 'location',
  latitude: 'location',
  longitude: 'location',
  zip: 'location',
  postal_code: 'location',
  search_term: 'search',
  query: 'search',
  screen_resolution: 'device',
  user_agent: 'device',
  timezone: 'device',
};

export function analyseGeneric(req: ParsedRequest, sink: EvidenceSink): void {
  for (const [key, value] of req.params) {
    if (!value) continue;
    const category = PARAM_CATEGORIES[key.toLowerCase()];
    if (category) sink.add(category, 'url', key, value);
  }
  const form = req.bodyForm();
  if (form) {
    for (const [key, value] of form) {
      if (!value) continue;
      const category = PARAM_CATEGORIES[key.toLowerCase()];
      if (category) sink.add(category, 'body', key, value);
    }
  }
}
