/**
 * Page-world adapters for consent management platforms (CMPs) that have a public JavaScript API:
 * each finds its CMP on the page, lists its purposes and answers them one by one through the CMP's
 * own API, so the CMP stores its record, hides its banner and releases the tags it gates exactly as
 * if the shopper had clicked. Runs in the MAIN world (entrypoints/cmp-answer.content.ts); no
 * extension APIs here.
 */
import type { Category } from '../../categories';
import type { ConsentState } from '../model';
import { answerPurposes, classifyPurpose, isPurposeAccepted, type PurposeAnswer } from './purposes';

export type SiteConsent = Readonly<Record<Category, ConsentState>>;

export interface CmpAnswer extends PurposeAnswer {
  cmp: string;
  /** 'api': per purpose through the CMP's API; 'all-or-nothing': the CMP takes only accept/reject all. */
  how: 'api' | 'all-or-nothing';
}

export interface CmpAdapter {
  name: string;
  /** True once the CMP's API is on the page and ready to take an answer. */
  ready(win: Window): boolean;
  answer(win: Window, consent: SiteConsent): CmpAnswer;
}

type AnyRecord = Record<string, unknown>;
const get = (obj: unknown, key: string): unknown =>
  obj !== null && (typeof obj === 'object' || typeof obj === 'function') ? (obj as AnyRecord)[key] : undefined;
const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';

// ---------------------------------------------------------------------------------------------
// Klaro (klaro.org): services, each with purposes; consent is per service.

interface KlaroService {
  name: string;
  title?: string;
  purposes?: string[];
  required?: boolean;
}

function klaroManager(win: Window): AnyRecord | undefined {
  const getManager = get(get(win, 'klaro'), 'getManager');
  if (!isFunction(getManager)) return undefined;
  const manager = getManager();
  return manager && typeof manager === 'object' ? (manager as AnyRecord) : undefined;
}

function klaroServices(manager: AnyRecord): KlaroService[] {
  const config = get(manager, 'config');
  const services = get(config, 'services') ?? get(config, 'apps');
  return Array.isArray(services) ? (services as KlaroService[]).filter((s) => typeof s?.name === 'string') : [];
}

export const klaro: CmpAdapter = {
  name: 'klaro',
  ready: (win) => !!klaroManager(win),
  answer(win, consent) {
    const manager = klaroManager(win)!;
    const accepted: string[] = [];
    const refused: string[] = [];
    for (const service of klaroServices(manager)) {
      // A service serves every purpose it lists: it is accepted only if each of them is.
      const purposes = service.purposes?.length ? service.purposes : [service.name];
      const ok = service.required === true || purposes.every((p) => isPurposeAccepted(classifyPurpose(p), consent));
      (manager.updateConsent as (name: string, value: boolean) => void).call(manager, service.name, ok);
      (ok ? accepted : refused).push(service.name);
    }
    (manager.saveAndApplyConsents as () => void).call(manager);
    return { cmp: 'klaro', how: 'api', accepted, refused };
  },
};

// ---------------------------------------------------------------------------------------------
// vanilla-cookieconsent v3 (orestbida): categories; acceptCategory takes the accepted list.

function vanillaCookieConsent(win: Window): AnyRecord | undefined {
  const cc = get(win, 'CookieConsent');
  return isFunction(get(cc, 'acceptCategory')) && isFunction(get(cc, 'getConfig')) ? (cc as AnyRecord) : undefined;
}

export const vanillaCookieconsent: CmpAdapter = {
  name: 'vanilla-cookieconsent',
  ready: (win) => {
    const cc = vanillaCookieConsent(win);
    // getConfig answers only once run() has read the shop's config.
    return !!cc && get((cc.getConfig as (k: string) => unknown)('categories'), 'necessary') !== undefined;
  },
  answer(win, consent) {
    const cc = vanillaCookieConsent(win)!;
    const categories = ((cc.getConfig as (k: string) => unknown)('categories') ?? {}) as Record<string, AnyRecord>;
    const purposes = Object.keys(categories).map((id) => ({ id, required: categories[id]?.readOnly === true }));
    const answer = answerPurposes(purposes, consent);
    (cc.acceptCategory as (accepted: string[]) => void)(answer.accepted);
    if (isFunction(cc.hide)) cc.hide();
    if (isFunction(cc.hidePreferences)) cc.hidePreferences();
    return { cmp: 'vanilla-cookieconsent', how: 'api', ...answer };
  },
};

/** Every adapter, tried in this order. */
export const CMP_ADAPTERS: readonly CmpAdapter[] = [klaro, vanillaCookieconsent];
