import { defineDecoder } from './types';

// Microsoft Clarity: <x>.clarity.ms/collect (POST, usually gzip; JSON {e: envelope [version, seq,
// start, duration, projectId, userId, sessionId, pageNum…], a: analytics events, p: playback
// events}) records mouse, clicks, scroll, input and DOM; c.clarity.ms/c.gif syncs the MUID cookie.
export const clarity = defineDecoder({
  id: 'clarity',
  hosts: ['clarity.ms'],
  matchesPath: (path) => path.startsWith('/collect') || path.startsWith('/c.gif'),
  opaqueBody: (req) => req.path.startsWith('/collect'),
  // Every upload's envelope names the page's address.
  carriesPageUrl: (req) => req.path.startsWith('/collect'),
  decode(req, sink) {
    if (req.path.startsWith('/c.gif')) {
      sink.add('identifiers', 'url', 'cookie-sync', req.host);
      return;
    }
    sink.add('behavior', 'body', 'collect', req.path);
    const json = req.bodyJson();
    const envelope =
      json && typeof json === 'object'
        ? Array.isArray(json)
          ? json[0]
          : (json as Record<string, unknown>).e
        : undefined;
    if (Array.isArray(envelope) && typeof envelope[5] === 'string')
      sink.add('identifiers', 'body', 'e.userId', envelope[5]);
    else if (json !== undefined || req.record.bodyUnreadable)
      sink.add('identifiers', 'body', 'envelope', 'user and session ids');
  },
});
