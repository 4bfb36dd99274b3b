import { defineDecoder } from './types';

// LiveRamp: Authenticated Traffic Solution envelopes (api.rlcdn.com/api/identity/envelope?pid=…&it=
// <identifier type>&iv=<hashed email or phone>, or a JSON body of hashed identifiers) turn a hashed
// email into a RampID envelope; idsync.rlcdn.com/<pid>.gif?partner_uid=… and pippio syncs cookies.
export const liveramp = defineDecoder({
  id: 'liveramp',
  hosts: ['rlcdn.com', 'liveramp.com', 'pippio.com'],
  matchesPath: (path) => !path.endsWith('.js'),
  decode(req, sink) {
    const { params, path } = req;
    if (path.includes('envelope') || path.includes('/identity/')) {
      sink.add('identifiers', 'url', 'envelope', 'RampID envelope');
      const iv = params.get('iv') ?? params.get('ev');
      if (iv) sink.add('contact', 'url', 'iv', iv);
      const json = req.bodyJson();
      if (json && /"(?:iv|ev|identifiers|emailHashes|hashes|sha256)"/.test(req.bodyText ?? ''))
        sink.add('contact', 'body', 'identifiers', 'hashed email or phone');
    } else {
      sink.add('identifiers', 'url', 'id-sync', req.host);
      const partnerUid = params.get('partner_uid') ?? params.get('puid');
      if (partnerUid) sink.add('identifiers', 'url', 'partner_uid', partnerUid);
    }
  },
});
