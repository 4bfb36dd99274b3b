/**
 * The page-world side of banner answering: waits for the shopper's choices for this site (relayed by
 * the ISOLATED content script, entrypoints/cmp.content.ts), then for a known CMP to be ready, and
 * answers it through the CMP's API (adapters.ts). Events carry JSON strings, the only thing that
 * crosses between worlds in every browser. A page could send its own "choices"; it can only make us
 * answer its own banner, which it could do itself.
 */
import { CATEGORIES, type Category } from '../../categories';
import { isPlainObject } from '../../guards';
import type { ConsentState } from '../model';
import { CMP_ADAPTERS, type CmpAdapter, type CmpAnswer, type SiteConsent } from './adapters';

export const CMP_EVENTS = {
  /** page world → isolated: send me the choices (the isolated script may have sent them before I listened). */
  request: 'shareledger:cmp-request',
  /** isolated → page world: JSON `{ consent }` or `{ consent: null }` (leave banners alone here). */
  choices: 'shareledger:cmp-choices',
  /** page world → isolated: JSON CmpAnswerReport. */
  answered: 'shareledger:cmp-answered',
  /** isolated (autoconsent.content.ts) → page: JSON CmpAnswerReport of an answer given by clicks,
   * for watchers in the page (audit, bench); the worker records it from autoconsent's own message. */
  clicked: 'shareledger:cmp-clicked',
} as const;

export interface CmpAnswerReport extends CmpAnswer {
  /** answered, or failed: the CMP's API threw (nothing accepted or refused is known then). */
  status: 'answered' | 'failed';
  /** Milliseconds from the CMP being ready (its banner up) to its answer being saved. */
  ms: number;
}

/** The choices from an event's JSON detail; undefined when malformed, null when banners are left alone. */
export function parseChoices(detail: unknown): SiteConsent | null | undefined {
  if (typeof detail !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(detail);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  if (value.consent === null) return null;
  if (!isPlainObject(value.consent)) return undefined;
  const consent = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) {
    const state = value.consent[c];
    if (state !== 'granted' && state !== 'revoked') return undefined;
    consent[c] = state;
  }
  return consent;
}

export interface AnswererOptions {
  adapters?: readonly CmpAdapter[];
  /** How often to look for a CMP, and for how long after the page started. */
  intervalMs?: number;
  giveUpMs?: number;
}

/** Starts the answerer in a page. Each CMP on the page is answered once per page load. */
export function runCmpAnswerer(win: Window, options: AnswererOptions = {}): void {
  const adapters = options.adapters ?? CMP_ADAPTERS;
  const intervalMs = options.intervalMs ?? 50;
  const giveUpMs = options.giveUpMs ?? 20_000;
  const doc = win.document;
  const started = win.performance.now();
  const readyAt = new Map<string, number>();
  const done = new Set<string>();
  let consent: SiteConsent | null | undefined;
  let timer: number | undefined;

  const report = (answer: CmpAnswerReport) =>
    doc.dispatchEvent(new CustomEvent(CMP_EVENTS.answered, { detail: JSON.stringify(answer) }));

  const stop = () => {
    if (timer !== undefined) win.clearInterval(timer);
    timer = undefined;
  };

  const tick = () => {
    if (consent === null || win.performance.now() - started > giveUpMs) return stop();
    for (const adapter of adapters) {
      if (done.has(adapter.name)) continue;
      let ready = false;
      try {
        ready = adapter.ready(win);
      } catch {
        ready = false;
      }
      if (!ready) continue;
      if (!readyAt.has(adapter.name)) readyAt.set(adapter.name, win.performance.now());
      if (consent === undefined) continue; // the CMP is up, the choices are on their way
      done.add(adapter.name);
      const since = readyAt.get(adapter.name)!;
      const answered = (answer: CmpAnswer) =>
        report({ ...answer, status: 'answered', ms: win.performance.now() - since });
      const failed = (error: unknown) => {
        console.warn(`ShareLedger: answering ${adapter.name} failed`, error);
        report({
          cmp: adapter.name,
          how: 'api',
          status: 'failed',
          accepted: [],
          refused: [],
          ms: win.performance.now() - since,
        });
      };
      try {
        const answer = adapter.answer(win, consent);
        // Promise-based APIs report when they settle; the others at once, as before.
        if (answer instanceof Promise) answer.then(answered, failed);
        else answered(answer);
      } catch (error) {
        failed(error);
      }
    }
  };

  doc.addEventListener(CMP_EVENTS.choices, (event) => {
    if (consent !== undefined) return; // first answer wins
    const parsed = parseChoices((event as CustomEvent).detail);
    if (parsed === undefined) return;
    consent = parsed;
    tick();
  });
  timer = win.setInterval(tick, intervalMs);
  doc.dispatchEvent(new CustomEvent(CMP_EVENTS.request));
}
