/**
 * Which cookie banner the extension answered on a page, and how, read from the page itself: the
 * extension's banner answerer (issue 13, utils/consent/cmp/) reports each answer with a DOM event in
 * the page's world. Where no answer is reported, the banner is `{cmp: null, answer: "none"}`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { BannerAnswer, BannerObservation } from '../utils/audit/verdict';

/** The event the extension's page-world answerer dispatches on document, detail a JSON report. */
export const CMP_ANSWERED_EVENT = 'shareledger:cmp-answered';

interface RecordedAnswer {
  cmp: string;
  how?: string;
  accepted: number;
  refused: number;
  at: number;
}

/** Records every answer on every page of the context, from the first script on. */
export async function watchBannerAnswers(context: BrowserContext): Promise<void> {
  await context.addInitScript((eventName) => {
    const store = window as unknown as { __shareledgerAuditBanners?: unknown[] };
    document.addEventListener(eventName, (event) => {
      try {
        const report = JSON.parse(String((event as CustomEvent).detail)) as Record<string, unknown>;
        (store.__shareledgerAuditBanners ??= []).push({
          cmp: String(report.cmp),
          how: report.how,
          accepted: Array.isArray(report.accepted) ? report.accepted.length : 0,
          refused: Array.isArray(report.refused) ? report.refused.length : 0,
          at: Date.now(),
        });
      } catch {
        // a page's own event of that name: not an answer
      }
    });
  }, CMP_ANSWERED_EVENT);
}

/** accepted / rejected / per-purpose from the purposes the answer accepted and refused. */
export function bannerAnswer(answer: Pick<RecordedAnswer, 'accepted' | 'refused'>): BannerAnswer {
  if (answer.refused === 0) return 'accepted';
  return answer.accepted === 0 ? 'rejected' : 'per-purpose';
}

/** The first answer given on the page so far, with when it was given. */
export async function readBannerAnswer(page: Page): Promise<{ banner: BannerObservation; answeredAt?: number }> {
  const answers = await page
    .evaluate(
      () => (window as unknown as { __shareledgerAuditBanners?: RecordedAnswer[] }).__shareledgerAuditBanners ?? [],
    )
    .catch(() => [] as RecordedAnswer[]);
  const first = answers[0];
  if (!first) return { banner: { cmp: null, answer: 'none' } };
  return { banner: { cmp: first.cmp, answer: bannerAnswer(first) }, answeredAt: first.at };
}
