/**
 * Cookiebot: four fixed categories. Documented API (cookiebot.com/en/developer, "Programming
 * Cookiebot"): the `Cookiebot` object with `consent.{necessary,preferences,statistics,marketing}`,
 * `submitCustomConsent(optinPreferences, optinStatistics, optinMarketing)` (stores the consent and
 * applies it) and `hide()` (hides the dialog).
 */
import { answerPurposes } from '../purposes';
import type { CmpAdapter } from '../adapters';
import { get, isFunction, type AnyRecord } from '../page-values';

const CATEGORIES = [
  { id: 'necessary', required: true },
  { id: 'preferences' },
  { id: 'statistics' },
  { id: 'marketing' },
] as const;

function cookiebotApi(win: Window): AnyRecord | undefined {
  const cb = get(win, 'Cookiebot');
  return isFunction(get(cb, 'submitCustomConsent')) && get(cb, 'consent') ? (cb as AnyRecord) : undefined;
}

export const cookiebot: CmpAdapter = {
  name: 'cookiebot',
  ready: (win) => !!cookiebotApi(win),
  answer(win, consent) {
    const cb = cookiebotApi(win)!;
    const answer = answerPurposes(CATEGORIES, consent);
    const yes = (id: string) => answer.accepted.includes(id);
    (cb.submitCustomConsent as (p: boolean, s: boolean, m: boolean) => void).call(
      cb,
      yes('preferences'),
      yes('statistics'),
      yes('marketing'),
    );
    if (isFunction(cb.hide)) (cb.hide as () => void).call(cb);
    return { cmp: 'cookiebot', how: 'api', ...answer };
  },
};
