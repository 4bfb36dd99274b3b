/**
 * Complianz (the WordPress plugin): four categories, functional always allowed. Its front-end script
 * (complianz-gdpr, cookiebanner/js/complianz.js) exposes `window.cmplz_set_consent(category,
 * 'allow' | 'deny')`, which stores the `cmplz_<category>` cookie and releases or revokes that
 * category's scripts, and `cmplz_set_banner_status('dismissed')`, which closes the banner.
 */
import { answerPurposes } from '../purposes';
import type { CmpAdapter } from '../adapters';
import { get, isFunction } from '../page-values';

const CATEGORIES = [
  { id: 'functional', required: true },
  { id: 'preferences' },
  { id: 'statistics' },
  { id: 'marketing' },
];

export const complianz: CmpAdapter = {
  name: 'complianz',
  ready: (win) => isFunction(get(win, 'cmplz_set_consent')),
  answer(win, consent) {
    const setConsent = get(win, 'cmplz_set_consent') as (category: string, value: 'allow' | 'deny') => void;
    const answer = answerPurposes(CATEGORIES, consent);
    for (const id of answer.accepted) setConsent(id, 'allow');
    for (const id of answer.refused) setConsent(id, 'deny');
    const setBannerStatus = get(win, 'cmplz_set_banner_status');
    if (isFunction(setBannerStatus)) setBannerStatus('dismissed');
    return { cmp: 'complianz', how: 'api', ...answer };
  },
};
