/**
 * Usercentrics: services grouped in categories (slugs 'essential', 'functional', 'marketing' or the
 * shop's own, each with a name). Two documented browser APIs:
 * - CMP v3, `window.__ucCmp` (usercentrics.com/docs/web/features/api/control-functionality; typed in
 *   DefinitelyTyped's @types/usercentrics-browser-ui): `getConsentDetails()` → `{ categories: { slug:
 *   { name, essential } } }`, `updateCategoriesConsents([{ id, consent }])`, `saveConsents()`,
 *   `closeCmp()`, all returning promises;
 * - CMP v2, `window.UC_UI` (docs.usercentrics.com, "CMP v2 UI API"): `getServicesBaseInfo()` →
 *   `[{ id, categorySlug, isEssential }]`, `acceptServices(ids)`, `rejectServices(ids)`, `closeCMP()`.
 * v2 answers per service, each service as its category.
 */
import { answerPurposes, type PurposeAnswer } from '../purposes';
import type { CmpAdapter } from '../adapters';
import { get, isFunction, textOf, type AnyRecord } from '../page-values';
import type { Category } from '../../../categories';
import type { ConsentState } from '../../model';

type Consent = Readonly<Record<Category, ConsentState>>;

function v3Api(win: Window): AnyRecord | undefined {
  const cmp = get(win, '__ucCmp');
  return isFunction(get(cmp, 'getConsentDetails')) && isFunction(get(cmp, 'updateCategoriesConsents'))
    ? (cmp as AnyRecord)
    : undefined;
}

function v2Api(win: Window): AnyRecord | undefined {
  const ui = get(win, 'UC_UI');
  if (!isFunction(get(ui, 'getServicesBaseInfo')) || !isFunction(get(ui, 'acceptServices'))) return undefined;
  const isInitialized = get(ui, 'isInitialized');
  return !isFunction(isInitialized) || isInitialized.call(ui) === true ? (ui as AnyRecord) : undefined;
}

async function answerV3(cmp: AnyRecord, consent: Consent): Promise<PurposeAnswer> {
  const details = await (cmp.getConsentDetails as () => Promise<unknown>).call(cmp);
  const categories = get(details, 'categories');
  const purposes = Object.entries(categories && typeof categories === 'object' ? categories : {}).map(
    ([slug, category]) => ({
      id: slug,
      label: textOf(get(category, 'name')),
      required: get(category, 'essential') === true,
    }),
  );
  const answer = answerPurposes(purposes, consent);
  await (cmp.updateCategoriesConsents as (c: unknown) => Promise<void>).call(cmp, [
    ...answer.accepted.map((id) => ({ id, consent: true })),
    ...answer.refused.map((id) => ({ id, consent: false })),
  ]);
  if (isFunction(cmp.saveConsents)) await (cmp.saveConsents as () => Promise<void>).call(cmp);
  if (isFunction(cmp.closeCmp)) await (cmp.closeCmp as () => Promise<void>).call(cmp);
  return answer;
}

function answerV2(ui: AnyRecord, consent: Consent): PurposeAnswer {
  const services = (ui.getServicesBaseInfo as () => unknown).call(ui);
  const list = (Array.isArray(services) ? services : []).filter((s) => typeof get(s, 'id') === 'string');
  const slugs = new Map<string, boolean>();
  for (const s of list) {
    const slug = get(s, 'categorySlug');
    if (typeof slug === 'string') slugs.set(slug, (slugs.get(slug) ?? false) || get(s, 'isEssential') === true);
  }
  const answer = answerPurposes(
    [...slugs].map(([id, required]) => ({ id, required })),
    consent,
  );
  const idsIn = (slugsWanted: string[]) =>
    list.filter((s) => slugsWanted.includes(get(s, 'categorySlug') as string)).map((s) => get(s, 'id') as string);
  (ui.acceptServices as (ids: string[]) => unknown).call(ui, idsIn(answer.accepted));
  if (isFunction(ui.rejectServices)) (ui.rejectServices as (ids: string[]) => unknown).call(ui, idsIn(answer.refused));
  if (isFunction(ui.closeCMP)) (ui.closeCMP as () => unknown).call(ui);
  return answer;
}

export const usercentrics: CmpAdapter = {
  name: 'usercentrics',
  ready: (win) => !!v3Api(win) || !!v2Api(win),
  async answer(win, consent) {
    const v3 = v3Api(win);
    const answer = v3 ? await answerV3(v3, consent) : answerV2(v2Api(win)!, consent);
    return { cmp: 'usercentrics', how: 'api', ...answer };
  },
};
