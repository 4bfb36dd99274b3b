import { defineDecoder } from './types';
import { addJsonKeys, type Table } from './shared';

// Hotjar: in.hotjar.com/api/v2/client/sites/<id>/visit-data (JSON: window size, device, user_id,
// referrer), …/recordings/content and ws.hotjar.com / content.hotjar.io (session recording: mouse,
// clicks, scroll, keystrokes, DOM), …/identify or /user-attributes (Identify API).
const BODY: Table = {
  user_id: 'identifiers',
  r_value: 'identifiers',
  window_width: 'device',
  window_height: 'device',
  screen_width: 'device',
  screen_height: 'device',
  device: 'device',
  user_agent: 'device',
  url: 'browsing',
  referrer: 'browsing',
  email: 'contact',
};

export const hotjar = defineDecoder({
  id: 'hotjar',
  hosts: ['hotjar.com', 'hotjar.io'],
  matchesPath: (path, req) => path.startsWith('/api/') || req.host.startsWith('ws.') || req.host.startsWith('content.'),
  opaqueBody: (req) => req.path.includes('recording') || req.host.startsWith('ws.') || req.host.startsWith('content.'),
  decode(req, sink) {
    const { path } = req;
    if (
      path.includes('recording') ||
      req.host.startsWith('ws.') ||
      req.host.startsWith('content.') ||
      path.includes('/ws')
    ) {
      sink.add('behavior', 'body', 'recording', path);
    }
    if (path.includes('visit-data')) sink.add('browsing', 'body', 'visit-data', path);
    if (path.includes('identify') || path.includes('user-attributes'))
      sink.add('identifiers', 'body', 'identify', path);
    const json = req.bodyJson();
    if (json) addJsonKeys(json, BODY, 'body', sink);
  },
});
