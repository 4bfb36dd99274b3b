/**
 * OneTrust: consent per group ("category"), each with an id (C0001 strictly necessary, C0002
 * performance, C0003 functional, C0004 targeting, C0005 social media, or custom) and a name.
 * Documented JavaScript API used here (OneTrust's "Cookie consent JavaScript API"; the same calls
 * are used by Segment's open-source @segment/analytics-consent-wrapper-onetrust and described in
 * ObservePoint's "OneTrust for Custom Consent States"):
 *   OneTrust.GetDomainData().Groups[]  { CustomGroupId, GroupName, Status ('always active' if locked) }
 *   OneTrust.UpdateConsent('Category', 'C0002:1,C0004:0')  sets and stores each group's consent
 *   OneTrust.Close()  closes the banner
 */
import { answerPurposes } from '../purposes';
import type { CmpAdapter } from '../adapters';
import { get, isFunction, textOf, type AnyRecord } from '../page-values';

function oneTrustApi(win: Window): AnyRecord | undefined {
  const ot = get(win, 'OneTrust');
  return isFunction(get(ot, 'GetDomainData')) && isFunction(get(ot, 'UpdateConsent')) ? (ot as AnyRecord) : undefined;
}

function groupsOf(ot: AnyRecord): { id: string; label?: string; required: boolean }[] {
  const groups = get((ot.GetDomainData as () => unknown)(), 'Groups');
  if (!Array.isArray(groups)) return [];
  return groups
    .map((g) => {
      const id = get(g, 'CustomGroupId') ?? get(g, 'OptanonGroupId');
      const status = get(g, 'Status');
      return {
        id: typeof id === 'string' ? id : '',
        label: textOf(get(g, 'GroupName')),
        required: id === 'C0001' || (typeof status === 'string' && status.toLowerCase() === 'always active'),
      };
    })
    .filter((g) => g.id !== '');
}

export const oneTrust: CmpAdapter = {
  name: 'onetrust',
  ready: (win) => {
    const ot = oneTrustApi(win);
    return !!ot && groupsOf(ot).length > 0;
  },
  answer(win, consent) {
    const ot = oneTrustApi(win)!;
    const answer = answerPurposes(groupsOf(ot), consent);
    const payload = [...answer.accepted.map((id) => `${id}:1`), ...answer.refused.map((id) => `${id}:0`)].join(',');
    (ot.UpdateConsent as (type: string, payload: string) => void).call(ot, 'Category', payload);
    if (isFunction(ot.Close)) (ot.Close as () => void).call(ot);
    return { cmp: 'onetrust', how: 'api', ...answer };
  },
};
