import { defineDecoder } from './types';

// Unified ID 2.0 / EUID: prod.uidapi.com/v2/token/client-generate (and /v2/token/generate) receive
// an email or phone (hashed, and encrypted in the client-side flow: {payload, iv, public_key,
// timestamp, subscription_id}) and return an advertising token; /v2/token/refresh renews it.
export const uid2 = defineDecoder({
  id: 'uid2',
  hosts: ['uidapi.com', 'euid.eu'],
  matchesPath: (path) => path.startsWith('/v2/') || path.startsWith('/v1/'),
  decode(req, sink) {
    const { path } = req;
    if (path.includes('/token/generate') || path.includes('/token/client-generate') || path.includes('/identity/map')) {
      sink.add('contact', 'body', 'payload', 'email or phone (hashed, encrypted)');
      sink.add('identifiers', 'body', 'token', 'UID2 token');
    } else if (path.includes('/token/refresh')) {
      sink.add('identifiers', 'body', 'refresh_token', 'UID2 token');
    }
  },
});
