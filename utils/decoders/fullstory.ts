import { defineDecoder } from './types';
import { addJsonKeys, addParams, type Table } from './shared';

// FullStory: rs.fullstory.com/rec/page (JSON page metadata: Url, Referrer, Title, Width, Height,
// ScreenWidth, ScreenHeight, UserAgent) then /rec/bundle[/v2]?OrgId=…&UserId=…&SessionId=…&PageId=…
// carrying recorded events (Evts: mouse moves, clicks, scrolls, keys, DOM mutations). Bundles are
// often gzip-compressed: the path alone says it is a recording.
const PARAMS: Table = { UserId: 'identifiers', SessionId: 'identifiers', PageId: 'identifiers' };

const PAGE: Table = {
  UserId: 'identifiers',
  SessionId: 'identifiers',
  Url: 'browsing',
  Base: 'browsing',
  Referrer: 'browsing',
  Title: 'browsing',
  Width: 'device',
  Height: 'device',
  ScreenWidth: 'device',
  ScreenHeight: 'device',
  UserAgent: 'device',
};

export const fullstory = defineDecoder({
  id: 'fullstory',
  hosts: ['rs.fullstory.com', 'fullstory.com'],
  matchesPath: (path) => path.startsWith('/rec/'),
  opaqueBody: (req) => req.path.startsWith('/rec/bundle'),
  // The page call's Url field is the page's address.
  carriesPageUrl: (req) => req.path.startsWith('/rec/page'),
  decode(req, sink) {
    addParams(req.params, PARAMS, 'url', sink);
    if (req.path.startsWith('/rec/bundle')) sink.add('behavior', 'body', 'bundle', req.path);
    if (req.path.startsWith('/rec/page')) sink.add('browsing', 'body', 'page', req.path);
    // Bundles are event streams (behavior); only the page call carries page and device metadata.
    const json = req.path.startsWith('/rec/bundle') ? undefined : req.bodyJson();
    if (json) addJsonKeys(json, PAGE, 'body', sink);
  },
});
