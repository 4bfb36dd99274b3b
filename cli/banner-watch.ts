/**
 * Which cookie banner the extension answered on a page, and how, read from the page itself: the
 * extension's banner answerer (issue 13, utils/consent/cmp/) reports each answer with a DOM event in
 * the page's world. Where no answer is reported, the banner is `{cmp: null, answer: "none"}`.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { BannerAnswer, BannerObservation } from '../utils/audit/verdict';
import { classifyPurpose } from '../utils/consent/cmp/purposes';
import { CMP_EVENTS } from '../utils/consent/cmp/page-world';

/**
 * The events the extension dispatches on document, detail a JSON report: answers through a CMP's API
 * (page-world answerer) and by its buttons (autoconsent).
 */
export const CMP_ANSWERED_EVENTS = [CMP_EVENTS.answered, CMP_EVENTS.clicked] as const;

interface RecordedAnswer {
  cmp: string;
  how?: string;
  status?: string;
  accepted: string[];
  refused: string[];
  at: number;
}

/** Records every answer on every page of the context, from the first script on. */
export async function watchBannerAnswers(context: BrowserContext): Promise<void> {
  await context.addInitScript((eventNames) => {
    const store = window as unknown as { __shareledgerAuditBanners?: unknown[] };
    const record = (event: Event) => {
      try {
        const report = JSON.parse(String((event as CustomEvent).detail)) as Record<string, unknown>;
        const names = (value: unknown) => (Array.isArray(value) ? value.map(String).slice(0, 60) : []);
        (store.__shareledgerAuditBanners ??= []).push({
          cmp: String(report.cmp),
          how: report.how,
          status: report.status,
          accepted: names(report.accepted),
          refused: names(report.refused),
          at: Date.now(),
        });
      } catch {
        // a page's own event of that name: not an answer
      }
    };
    for (const name of eventNames) document.addEventListener(name, record);
  }, CMP_ANSWERED_EVENTS);
}

/**
 * accepted / rejected / per-purpose from the purposes the answer accepted and refused: a banner whose
 * only accepted purposes are necessary ones (which no banner lets go) was rejected.
 */
export function bannerAnswer(answer: Pick<RecordedAnswer, 'accepted' | 'refused'>): BannerAnswer {
  if (answer.refused.length === 0) return 'accepted';
  return answer.accepted.every((p) => classifyPurpose(p) === 'necessary') ? 'rejected' : 'per-purpose';
}

/** The first answer given on the page so far, with when it was given. */
export async function readBannerAnswer(page: Page): Promise<{ banner: BannerObservation; answeredAt?: number }> {
  const answers = await page
    .evaluate(
      () => (window as unknown as { __shareledgerAuditBanners?: RecordedAnswer[] }).__shareledgerAuditBanners ?? [],
    )
    .catch(() => [] as RecordedAnswer[]);
  const first = answers.find((a) => a.status !== 'failed');
  if (!first) return { banner: { cmp: null, answer: 'none' } };
  return { banner: { cmp: first.cmp, answer: bannerAnswer(first) }, answeredAt: first.at };
}
