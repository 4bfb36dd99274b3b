import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';

// Adobe Target: <client>.tt.omtrdc.net/rest/v1/delivery (JSON: context.address.url, context.screen,
// id.tntId / marketingCloudVisitorId / customerIds, mbox parameters entity.id, orderId, orderTotal,
// productPurchasedId) and the older /m2/<client>/mbox/json?mbox=…&mboxPC=…&mboxURL=….
const PARAMS: Table = {
  mboxSession: 'identifiers',
  mboxPC: 'identifiers',
  mboxMCGVID: 'identifiers',
  mboxMCSDID: 'identifiers',
  vst: 'identifiers',
  mboxURL: 'browsing',
  mboxReferrer: 'browsing',
  'entity.id': 'browsing',
  'entity.name': 'browsing',
  'entity.categoryId': 'browsing',
  orderId: 'purchases',
  orderTotal: 'purchases',
  productPurchasedId: 'purchases',
  screenHeight: 'device',
  screenWidth: 'device',
  browserWidth: 'device',
  browserHeight: 'device',
  colorDepth: 'device',
  browserTimeOffset: 'device',
};

const BODY: Table = {
  ...PARAMS,
  url: 'browsing',
  referringUrl: 'browsing',
  tntId: 'identifiers',
  marketingCloudVisitorId: 'identifiers',
  thirdPartyId: 'identifiers',
  customerIds: 'identifiers',
  screen: 'device',
  window: 'device',
  userAgent: 'device',
  timeOffsetInMinutes: 'device',
  geo: 'location',
};

export const adobeTarget = defineDecoder({
  id: 'adobe-target',
  hosts: ['tt.omtrdc.net'],
  matchesPath: (path) => path.startsWith('/rest/') || path.startsWith('/m2/'),
  decode(req, sink) {
    addParams(req.params, PARAMS, 'url', sink);
    const json = req.bodyJson();
    if (json) addJsonKeys(json, BODY, 'body', sink);
  },
});
