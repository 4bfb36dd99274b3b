/**
 * Firefox before 147 only, in the page's own world at document_start on sites where the shopper
 * revoked a category: cross-origin keepalive fetches lose the flag, so webRequest sees them and the
 * body veto can hold them (utils/consent/keepalive.ts says why).
 */
import { fetchWithVisibleKeepalive } from '../utils/consent/keepalive';

export default defineUnlistedScript({
  // Chrome's webRequest sees keepalive fetches: the file is not even shipped there.
  include: ['firefox'],
  main() {
    try {
      const visible = fetchWithVisibleKeepalive(window.fetch, location.origin, Request);
      Object.defineProperty(window, 'fetch', { value: visible, configurable: true, writable: true, enumerable: true });
    } catch {
      // A page that froze fetch first keeps it: its keepalive requests stay unseen, as without us.
    }
  },
});
