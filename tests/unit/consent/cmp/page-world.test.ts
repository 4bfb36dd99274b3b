import { describe, expect, it } from 'vitest';
import { CATEGORIES, type Category } from '../../../../utils/categories';
import {
  klaro,
  orejime,
  tarteaucitron,
  vanillaCookieconsent,
  type CmpAdapter,
} from '../../../../utils/consent/cmp/adapters';
import { CMP_EVENTS, parseChoices, runCmpAnswerer } from '../../../../utils/consent/cmp/page-world';
import type { ConsentState } from '../../../../utils/consent/model';

function consentWith(revoked: readonly Category[]): Record<Category, ConsentState> {
  const out = {} as Record<Category, ConsentState>;
  for (const c of CATEGORIES) out[c] = revoked.includes(c) ? 'revoked' : 'granted';
  return out;
}

/** Just enough of a window for the answerer: a document that carries events, timers, a clock. */
function fakeWindow(globals: Record<string, unknown> = {}): Window {
  return {
    document: new EventTarget(),
    performance,
    setInterval,
    clearInterval,
    ...globals,
  } as unknown as Window;
}

describe('parseChoices', () => {
  it('accepts a full consent record or null, and nothing else', () => {
    expect(parseChoices(JSON.stringify({ consent: consentWith(['contact']) }))).toEqual(consentWith(['contact']));
    expect(parseChoices(JSON.stringify({ consent: null }))).toBeNull();
    expect(parseChoices(JSON.stringify({ consent: { ...consentWith([]), contact: 'maybe' } }))).toBeUndefined();
    const partial: Record<string, string> = { ...consentWith([]) };
    delete partial.behavior;
    expect(parseChoices(JSON.stringify({ consent: partial }))).toBeUndefined();
    expect(parseChoices('not json')).toBeUndefined();
    expect(parseChoices({ consent: null })).toBeUndefined();
  });
});

describe('adapters', () => {
  it('Klaro: each service answered by its purposes, required ones kept, then saved and applied', () => {
    const calls: string[] = [];
    const manager = {
      config: {
        services: [
          { name: 'shop', purposes: ['functional'], required: true },
          { name: 'ga', purposes: ['analytics'] },
          { name: 'meta', purposes: ['marketing', 'analytics'] },
          { name: 'recs', purposes: ['personalization'] },
        ],
      },
      updateConsent: (name: string, value: boolean) => calls.push(`${name}=${value}`),
      saveAndApplyConsents: () => calls.push('save'),
    };
    const win = fakeWindow({ klaro: { getManager: () => manager } });
    expect(klaro.ready(win)).toBe(true);
    expect(klaro.answer(win, consentWith(['contact']))).toEqual({
      cmp: 'klaro',
      how: 'api',
      accepted: ['shop', 'ga', 'recs'],
      refused: ['meta'],
    });
    expect(calls).toEqual(['shop=true', 'ga=true', 'meta=false', 'recs=true', 'save']);
  });

  it('vanilla-cookieconsent: waits for run(), accepts the accepted categories, hides its modals', () => {
    const config: { categories?: Record<string, unknown> } = {};
    const calls: unknown[] = [];
    const cc = {
      getConfig: (key: string) => (key === 'categories' ? config.categories : undefined),
      acceptCategory: (accepted: string[]) => calls.push(accepted),
      hide: () => calls.push('hide'),
      hidePreferences: () => calls.push('hidePreferences'),
    };
    const win = fakeWindow({ CookieConsent: cc });
    expect(vanillaCookieconsent.ready(win)).toBe(false);
    config.categories = { necessary: { readOnly: true }, analytics: {}, marketing: {} };
    expect(vanillaCookieconsent.ready(win)).toBe(true);
    expect(vanillaCookieconsent.answer(win, consentWith(['behavior']))).toMatchObject({
      accepted: ['necessary', 'marketing'],
      refused: ['analytics'],
    });
    expect(calls).toEqual([['necessary', 'marketing'], 'hide', 'hidePreferences']);
  });
});

describe('more adapters', () => {
  it('tarteaucitron: each service read by its type and name, answered through respond', () => {
    const responses: string[] = [];
    const tac = {
      job: ['gtag', 'facebookpixel', 'gtag', 'recs'],
      services: {
        gtag: { key: 'gtag', type: 'analytic', name: 'Google Analytics (GA4)', needConsent: true },
        facebookpixel: { key: 'facebookpixel', type: 'ads', name: 'Meta Pixel', needConsent: true },
        recs: { key: 'recs', type: 'other', name: 'Personalization engine', needConsent: true },
      },
      userInterface: { respond: (el: { id: string }, status: boolean) => responses.push(`${el.id}:${status}`) },
    };
    const win = fakeWindow({
      tarteaucitron: tac,
      document: Object.assign(new EventTarget(), { getElementById: (id: string) => (id ? {} : null) }),
    });
    expect(tarteaucitron.ready(win)).toBe(true);
    expect(tarteaucitron.answer(win, consentWith(['behavior']))).toEqual({
      cmp: 'tarteaucitron',
      how: 'api',
      accepted: ['facebookpixel', 'recs'],
      refused: ['gtag'],
    });
    expect(responses).toEqual(['facebookpixelAllowed:true', 'recsAllowed:true', 'gtagAllowed:false']);
  });

  it('Orejime: grouped purposes answered one by one, mandatory ones kept, all set at once', () => {
    const set: Record<string, boolean>[] = [];
    const win = fakeWindow({
      orejime: {
        config: {
          purposes: [
            { id: 'session', title: 'Session', isMandatory: true },
            { id: 'stats', title: 'Statistiken' },
            {
              id: 'ads',
              title: 'Werbung',
              purposes: [
                { id: 'meta', title: 'Meta' },
                { id: 'criteo', title: 'Criteo' },
              ],
            },
          ],
        },
        manager: { setConsents: (c: Record<string, boolean>) => set.push(c) },
      },
      document: Object.assign(new EventTarget(), { querySelector: () => null }),
    });
    expect(orejime.ready(win)).toBe(true);
    expect(orejime.answer(win, consentWith(['contact']))).toMatchObject({
      accepted: ['session', 'stats'],
      refused: ['meta', 'criteo'],
    });
    expect(set).toEqual([{ session: true, stats: true, meta: false, criteo: false }]);
  });
});

describe('runCmpAnswerer', () => {
  function recordingAdapter(readyAfter: number): { adapter: CmpAdapter; answers: unknown[] } {
    const answers: unknown[] = [];
    let polls = 0;
    return {
      answers,
      adapter: {
        name: 'fake',
        ready: () => ++polls > readyAfter,
        answer: (_win, consent) => {
          answers.push(consent);
          return { cmp: 'fake', how: 'api', accepted: [], refused: [] };
        },
      },
    };
  }

  it('answers once, after both the CMP and the choices arrived, and reports the answer', async () => {
    const win = fakeWindow();
    const { adapter, answers } = recordingAdapter(2);
    const reports: string[] = [];
    win.document.addEventListener(CMP_EVENTS.answered, (e) => reports.push((e as CustomEvent).detail));
    let requested = 0;
    win.document.addEventListener(CMP_EVENTS.request, () => requested++);
    runCmpAnswerer(win, { adapters: [adapter], intervalMs: 5, giveUpMs: 2_000 });
    expect(requested).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(answers).toEqual([]); // CMP ready, choices not yet known
    const consent = consentWith(['contact']);
    win.document.dispatchEvent(new CustomEvent(CMP_EVENTS.choices, { detail: JSON.stringify({ consent }) }));
    // A later event (a page forging choices) changes nothing.
    win.document.dispatchEvent(
      new CustomEvent(CMP_EVENTS.choices, { detail: JSON.stringify({ consent: consentWith([]) }) }),
    );
    await new Promise((r) => setTimeout(r, 40));
    expect(answers).toEqual([consent]);
    expect(reports.map((r) => JSON.parse(r).cmp)).toEqual(['fake']);
  });

  it('leaves banners alone when the choices are null', async () => {
    const win = fakeWindow();
    const { adapter, answers } = recordingAdapter(0);
    runCmpAnswerer(win, { adapters: [adapter], intervalMs: 5, giveUpMs: 2_000 });
    win.document.dispatchEvent(new CustomEvent(CMP_EVENTS.choices, { detail: JSON.stringify({ consent: null }) }));
    await new Promise((r) => setTimeout(r, 30));
    expect(answers).toEqual([]);
  });
  it('reports an answer given through a promise once it settles, and a rejected one as failed', async () => {
    const win = fakeWindow();
    const reports: { cmp: string; status: string; accepted: string[] }[] = [];
    win.document.addEventListener(CMP_EVENTS.answered, (e) => reports.push(JSON.parse((e as CustomEvent).detail)));
    const later: CmpAdapter = {
      name: 'later',
      ready: () => true,
      answer: async () => {
        await new Promise((r) => setTimeout(r, 20));
        return { cmp: 'later', how: 'api', accepted: ['functional'], refused: ['marketing'] };
      },
    };
    const broken: CmpAdapter = {
      name: 'broken',
      ready: () => true,
      answer: () => Promise.reject(new Error('the CMP said no')),
    };
    runCmpAnswerer(win, { adapters: [later, broken], intervalMs: 5, giveUpMs: 2_000 });
    win.document.dispatchEvent(
      new CustomEvent(CMP_EVENTS.choices, { detail: JSON.stringify({ consent: consentWith(['contact']) }) }),
    );
    await new Promise((r) => setTimeout(r, 80));
    expect(reports.map((r) => [r.cmp, r.status, r.accepted])).toEqual([
      ['broken', 'failed', []],
      ['later', 'answered', ['functional']],
    ]);
  });
});
