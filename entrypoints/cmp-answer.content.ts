/**
 * MAIN-world cookie-banner answerer: answers the page's consent management platform through its own
 * JavaScript API from the shopper's choices (utils/consent/cmp/page-world.ts). Runs before page
 * scripts; has no extension APIs: the choices come from the ISOLATED script cmp.content.ts.
 */
import { runCmpAnswerer } from '../utils/consent/cmp/page-world';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  world: 'MAIN',
  allFrames: false,
  globalName: false,
  main() {
    runCmpAnswerer(window);
  },
});
