import type { Category } from '../categories';
import { defineDecoder } from './types';
import { addJsonKeys, type Table } from './shared';
import { walkJson } from '../wire/json';

// Monetate Engine API: engine.monetate.net/api/engine/v1/decide/<channel> (JSON {channel,
// monetateId, customerId, deviceId, events:[{eventType:"monetate:context:PageView"|
// ":ProductDetailView"|":Cart"|":Purchase"|":UserAgent"|":ScreenSize"|":Coordinates"|":IpAddress"…}]}).
const EVENT_TYPES: Record<string, Category> = {
  'monetate:context:PageView': 'browsing',
  'monetate:context:ProductDetailView': 'browsing',
  'monetate:context:ProductThumbnailView': 'browsing',
  'monetate:context:Referrer': 'browsing',
  'monetate:record:Impressions': 'browsing',
  'monetate:record:PageEvents': 'browsing',
  'monetate:context:Cart': 'purchases',
  'monetate:context:Purchase': 'purchases',
  'monetate:context:UserAgent': 'device',
  'monetate:context:ScreenSize': 'device',
  'monetate:context:Language': 'device',
  'monetate:context:Coordinates': 'location',
  'monetate:context:IpAddress': 'location',
  'monetate:context:CustomerId': 'identifiers',
};

const KEYS: Table = {
  monetateId: 'identifiers',
  customerId: 'identifiers',
  deviceId: 'identifiers',
  url: 'browsing',
  referrer: 'browsing',
  products: 'browsing',
  cartLines: 'purchases',
  purchaseLines: 'purchases',
  purchaseId: 'purchases',
  userAgent: 'device',
  latitude: 'location',
  longitude: 'location',
  ipAddress: 'location',
};

export const monetate = defineDecoder({
  id: 'monetate',
  hosts: ['monetate.net'],
  matchesPath: (path) => path.startsWith('/api/engine/') || path.startsWith('/trk') || path.includes('/track'),
  decode(req, sink) {
    for (const key of ['mi', 'monetateId', 'cid']) {
      const value = req.params.get(key);
      if (value) sink.add('identifiers', 'url', key, value);
    }
    const json = req.bodyJson();
    if (!json) return;
    walkJson(json, (key, value) => {
      if (key === 'eventType' && typeof value === 'string') {
        const category = EVENT_TYPES[value];
        if (category) sink.add(category, 'body', 'eventType', value);
      }
    });
    addJsonKeys(json, KEYS, 'body', sink);
  },
});
