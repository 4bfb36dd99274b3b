import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';

// LinkedIn Insight Tag: px.ads.linkedin.com/collect?pid=…&conversionId=…&url=…&fmt=gif (GET), and
// /wa/ (POST JSON: pageUrl, pageTitle, liFatId click id, hashed email in hem, and for website
// actions the clicked element's text and attributes, i.e. click recording).
const PARAMS: Table = {
  url: 'browsing',
  pageUrl: 'browsing',
  li_fat_id: 'identifiers',
  liFatId: 'identifiers',
  hem: 'contact',
  value: 'purchases',
};

const BODY: Table = {
  pageUrl: 'browsing',
  url: 'browsing',
  href: 'browsing',
  pageTitle: 'browsing',
  liFatId: 'identifiers',
  liGiant: 'identifiers',
  websiteSignalRequestId: 'identifiers',
  hem: 'contact',
  domAttributes: 'behavior',
  innerText: 'behavior',
};

export const linkedin = defineDecoder({
  id: 'linkedin-insight',
  hosts: ['px.ads.linkedin.com', 'dc.ads.linkedin.com', 'ads.linkedin.com'],
  matchesPath: (path) =>
    path.startsWith('/collect') || path.startsWith('/wa') || path.startsWith('/attribution_trigger'),
  decode(req, sink) {
    addParams(req.params, PARAMS, 'url', sink);
    const json = req.bodyJson();
    if (json) addJsonKeys(json, BODY, 'body', sink);
  },
});
