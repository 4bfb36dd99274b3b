/**
 * @duckduckgo/autoconsent's content script (ISOLATED world, top frame): finds a cookie banner among
 * autoconsent's rules and clicks accept-all or reject-all, as the worker says from the shopper's
 * choices (utils/consent/cmp/autoconsent.ts), once the banner has settled (settle.ts). CMPs answered
 * per purpose through their API are left to cmp-answer.content.ts. Its rules come from the worker,
 * bundled, never fetched.
 */
import AutoConsent, {
  type BackgroundMessage,
  type ConsentState,
  type ContentScriptMessage,
} from '@duckduckgo/autoconsent';
import { browser } from 'wxt/browser';
import {
  isForWorker,
  isUnknownBanner,
  UNKNOWN_BANNER_AFTER_MS,
  type AutoconsentAnswer,
} from '../utils/consent/cmp/autoconsent';
import { CMP_EVENTS } from '../utils/consent/cmp/page-world';
import { whenSettled } from '../utils/consent/cmp/settle';

type UnknownBannerReport = {
  type: 'report';
  state: Pick<ConsentState, 'lifecycle' | 'detectedCmps' | 'heuristicPatterns'>;
};
type Reply = { forward?: BackgroundMessage; answer?: AutoconsentAnswer } | undefined;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: false,
  main(ctx) {
    // A banner the page-world answerer answered through its API is no unknown banner.
    let answeredByApi = false;
    ctx.addEventListener(document, CMP_EVENTS.answered, () => (answeredByApi = true));
    let answer: AutoconsentAnswer | undefined;
    let popupFoundAt: number | undefined;

    const announce = (message: ContentScriptMessage & { type: 'optInResult' | 'optOutResult' }) => {
      const optIn = message.type === 'optInResult';
      const report = {
        cmp: message.cmp,
        how: 'clicks',
        status: message.result ? 'answered' : 'failed',
        accepted: message.result && optIn ? ['all'] : [],
        refused: message.result && !optIn ? ['all'] : [],
        ms: performance.now() - (popupFoundAt ?? performance.now()),
      };
      // For watchers in the page (audit, bench): the worker records the answer from the result message.
      document.dispatchEvent(new CustomEvent(CMP_EVENTS.clicked, { detail: JSON.stringify(report) }));
    };

    const send = async (message: ContentScriptMessage | UnknownBannerReport) => {
      const reply = (await browser.runtime
        .sendMessage({ type: 'autoconsent', message })
        .catch(() => undefined)) as Reply;
      if (message.type === 'init') {
        answer = reply?.answer;
        // Cookie wording and still no CMP a while later: a banner no rule knows (told once a page).
        if (answer)
          ctx.setTimeout(() => {
            if (popupFoundAt || answeredByApi || autoconsent.state.detectedCmps.length > 0) return;
            checkWordingOnce(autoconsent);
            const state = autoconsent.state;
            if (!isUnknownBanner(state, answeredByApi)) return;
            // Only what the worker reads: the snippets of page text autoconsent keeps stay here.
            const { lifecycle, detectedCmps, heuristicPatterns } = state;
            void send({ type: 'report', state: { lifecycle, detectedCmps, heuristicPatterns } });
          }, UNKNOWN_BANNER_AFTER_MS);
      }
      if (reply?.forward) await autoconsent.receiveMessageCallback(reply.forward);
    };

    const autoconsent: AutoConsent = new AutoConsent(async (message) => {
      if (message.type === 'popupFound' && popupFoundAt === undefined && answer) {
        popupFoundAt = performance.now();
        const type = answer;
        void whenSettled(window).then(() => autoconsent.receiveMessageCallback({ type }));
      }
      if (message.type === 'optInResult' || message.type === 'optOutResult') announce(message);
      if (isForWorker(message)) await send(message);
    });
  },
});

/**
 * autoconsent's cookie-wording check (the page's whole innerText against ~100 patterns), run once:
 * the config keeps it out of each of autoconsent's looks, where it cost ~20 ms a heavy page.
 */
function checkWordingOnce(autoconsent: AutoConsent): void {
  autoconsent.config.enableHeuristicDetection = true;
  autoconsent.detectHeuristics();
  autoconsent.config.enableHeuristicDetection = false;
}
