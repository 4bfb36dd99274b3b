/**
 * MAIN-world probes: counts canvas, WebGL, audio, font and navigator fingerprinting and
 * session-replay recording per calling script, and hands the counts to the ISOLATED content script
 * (utils/probes/relay.ts). Runs before page scripts; has no extension APIs.
 */
import { startProbes } from '../utils/probes/main-world';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  world: 'MAIN',
  // Top frames only, like the ISOLATED content script that relays the reports.
  allFrames: false,
  // No global variable for the page to see.
  globalName: false,
  main() {
    startProbes(window);
  },
});
