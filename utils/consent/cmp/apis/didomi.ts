/**
 * Didomi: purposes by id (its own, or the IAB TCF purposes: 'cookies', 'select_basic_ads',
 * 'measure_content_performance', …), names given as text or translations. Documented Web SDK API
 * (developers.didomi.io, Web SDK › Reference › API): `Didomi.isReady()`, `getRequiredPurposes()` and
 * `getRequiredVendors()` (objects with `id` and `name`), `setUserStatus({ purposes, vendors, created,
 * updated, source, action })` (stores the user's choices), `notice.hide()`. A vendor's global status
 * is enabled only when the vendor and all its purposes are (Didomi's "getCurrentUserStatus"), so
 * vendors are enabled and the purposes decide.
 */
import { answerPurposes } from '../purposes';
import type { CmpAdapter } from '../adapters';
import { get, isFunction, textOf, type AnyRecord } from '../page-values';

function didomiApi(win: Window): AnyRecord | undefined {
  const didomi = get(win, 'Didomi');
  if (!isFunction(get(didomi, 'getRequiredPurposes')) || !isFunction(get(didomi, 'setUserStatus'))) return undefined;
  const isReady = get(didomi, 'isReady');
  return !isFunction(isReady) || isReady.call(didomi) === true ? (didomi as AnyRecord) : undefined;
}

const idsOf = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((item) => get(item, 'id')).filter((id): id is string => typeof id === 'string') : [];

export const didomi: CmpAdapter = {
  name: 'didomi',
  ready: (win) => !!didomiApi(win),
  answer(win, consent) {
    const api = didomiApi(win)!;
    const purposes = (api.getRequiredPurposes as () => unknown).call(api);
    const answer = answerPurposes(
      (Array.isArray(purposes) ? purposes : [])
        .filter((p) => typeof get(p, 'id') === 'string')
        .map((p) => ({ id: get(p, 'id') as string, label: textOf(get(p, 'name')) })),
      consent,
    );
    const vendors = isFunction(api.getRequiredVendors)
      ? idsOf((api.getRequiredVendors as () => unknown).call(api))
      : [];
    const now = new Date().toISOString();
    (api.setUserStatus as (status: unknown) => void).call(api, {
      purposes: {
        consent: { enabled: answer.accepted, disabled: answer.refused },
        legitimate_interest: { enabled: answer.accepted, disabled: answer.refused },
      },
      vendors: { consent: { enabled: vendors, disabled: [] }, legitimate_interest: { enabled: vendors, disabled: [] } },
      created: now,
      updated: now,
      source: { type: 'website', domain: win.location.hostname },
      action: 'webpage',
    });
    const hide = get(get(api, 'notice'), 'hide');
    if (isFunction(hide)) hide.call(api.notice);
    return { cmp: 'didomi', how: 'api', ...answer };
  },
};
