import { defineDecoder } from './types';
import { addParams, type Table } from './shared';

// Contentsquare: c.contentsquare.net/pageview?pid=…&uu=<user uuid>&sn=<session>&dw=…&dh=…&ww=…&wh=…
// &sw=…&sh=…&url=…&dr=…&la=…, and the session-replay / interaction uploads
// (k-*.contentsquare.net/v2/recording, q-*.contentsquare.net/events).
const PARAMS: Table = {
  uu: 'identifiers',
  sn: 'identifiers',
  url: 'browsing',
  dr: 'browsing',
  dw: 'device',
  dh: 'device',
  ww: 'device',
  wh: 'device',
  sw: 'device',
  sh: 'device',
  la: 'device',
};

export const contentsquare = defineDecoder({
  id: 'contentsquare',
  hosts: ['contentsquare.net', 'contentsquare.com'],
  matchesPath: (path) =>
    path.startsWith('/pageview') ||
    path.includes('recording') ||
    path.startsWith('/events') ||
    path.startsWith('/v2/') ||
    path.startsWith('/mobile/'),
  opaqueBody: (req) => !req.path.startsWith('/pageview'),
  // The pageview call carries the page's address.
  carriesPageUrl: (req) => req.path.startsWith('/pageview'),
  decode(req, sink) {
    addParams(req.params, PARAMS, 'url', sink);
    if (req.path.startsWith('/pageview')) sink.add('browsing', 'url', 'pageview', req.params.get('url') ?? req.path);
    else sink.add('behavior', 'body', 'recording', req.path);
  },
});
