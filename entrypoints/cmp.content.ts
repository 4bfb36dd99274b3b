/**
 * ISOLATED-world relay for the cookie-banner answerer: asks the worker for the shopper's choices on
 * this shop (null when banners are left to the shopper or enforcement is paused) and hands them to
 * the MAIN-world answerer (cmp-answer.content.ts); passes each answer it reports to the worker, which
 * validates it and records it in the ledger.
 */
import { browser } from 'wxt/browser';
import { CMP_EVENTS } from '../utils/consent/cmp/page-world';

/** A page can fire the answered event itself: a handful of reports per page is all a real one makes. */
const MAX_REPORTS_PER_PAGE = 8;

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
    let reports = 0;
    let answering = false; // only while the answerer has choices to answer from
    ctx.addEventListener(document, CMP_EVENTS.answered, (event) => {
      if (!answering || reports++ >= MAX_REPORTS_PER_PAGE) return;
      let detail: Record<string, unknown>;
      try {
        detail = JSON.parse(String((event as CustomEvent).detail)) as Record<string, unknown>;
      } catch {
        return;
      }
      const { cmp, status, how, accepted, refused } = detail ?? {};
      // The worker validates the report; this only picks its fields.
      void browser.runtime
        .sendMessage({ type: 'banner-report', report: { cmp, status, how, accepted, refused } })
        .catch(() => undefined);
    });
    void browser.runtime
      .sendMessage({ type: 'page-settings' })
      .then((reply: unknown) => {
        const consent = (reply as { cmpConsent?: unknown } | undefined)?.cmpConsent ?? null;
        answering = consent !== null;
        choices = JSON.stringify({ consent });
        send();
      })
      .catch(() => undefined);
  },
});
