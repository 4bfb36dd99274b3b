/**
 * ISOLATED-world relay for the cookie-banner answerer: asks the worker for the shopper's choices on
 * this shop (null when banners are left to the shopper or enforcement is paused) and hands them to
 * the MAIN-world answerer (cmp-answer.content.ts).
 */
import { browser } from 'wxt/browser';
import { CMP_EVENTS } from '../utils/consent/cmp/page-world';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: false,
  main(ctx) {
    let choices: string | undefined;
    const send = () => {
      if (choices !== undefined) document.dispatchEvent(new CustomEvent(CMP_EVENTS.choices, { detail: choices }));
    };
    ctx.addEventListener(document, CMP_EVENTS.request, send);
    void browser.runtime
      .sendMessage({ type: 'page-settings' })
      .then((reply: unknown) => {
        const consent = (reply as { cmpConsent?: unknown } | undefined)?.cmpConsent ?? null;
        choices = JSON.stringify({ consent });
        send();
      })
      .catch(() => undefined);
  },
});
