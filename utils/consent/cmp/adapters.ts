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
import { get, isFunction, type AnyRecord } from './page-values';
import { oneTrust } from './apis/onetrust';
import { cookiebot } from './apis/cookiebot';
import { didomi } from './apis/didomi';
import { usercentrics } from './apis/usercentrics';
import { complianz } from './apis/complianz';

export type SiteConsent = Readonly<Record<Category, ConsentState>>;

export interface CmpAnswer extends PurposeAnswer {
  cmp: string;
  /** 'api': through the CMP's API; 'clicks': its own buttons (an all-or-nothing CMP answers ["all"]). */
  how: 'api' | 'clicks';
}

export interface CmpAdapter {
  name: string;
  /** True once the CMP's API is on the page and ready to take an answer. */
  ready(win: Window): boolean;
  /** Some CMPs' APIs return promises (Usercentrics v3): the answer is then a promise too. */
  answer(win: Window, consent: SiteConsent): CmpAnswer | Promise<CmpAnswer>;
}

/** Clicks the element once the CMP's UI has rendered it (UI libraries render on a later tick). */
function clickWhenShown(win: Window, selector: string, triesLeft = 40): void {
  const element = win.document.querySelector<HTMLElement>(selector);
  if (element) element.click();
  else if (triesLeft > 0) win.setTimeout(() => clickWhenShown(win, selector, triesLeft - 1), 25);
}

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

// ---------------------------------------------------------------------------------------------
// tarteaucitron: services (tarteaucitron.job), each with a type (analytic, ads, social, …);
// userInterface.respond takes the service's "Allowed" button, of which it reads only the id.

function tarteaucitronApi(win: Window): AnyRecord | undefined {
  const tac = get(win, 'tarteaucitron');
  const ui = get(tac, 'userInterface');
  return isFunction(get(ui, 'respond')) && Array.isArray(get(tac, 'job')) && get(tac, 'services')
    ? (tac as AnyRecord)
    : undefined;
}

export const tarteaucitron: CmpAdapter = {
  name: 'tarteaucitron',
  // The banner exists once tarteaucitron has loaded its services.
  ready: (win) => !!tarteaucitronApi(win) && !!win.document.getElementById('tarteaucitronAlertBig'),
  answer(win, consent) {
    const tac = tarteaucitronApi(win)!;
    const services = tac.services as Record<string, AnyRecord>;
    const keys = [...new Set(tac.job as string[])].filter((key) => services[key]);
    const purposes = keys.map((key) => ({
      id: key,
      // The type says what the service is for, the name may say more ("Personalization engine").
      label: `${String(services[key].type ?? '')} ${String(services[key].name ?? '')}`,
      required: services[key].needConsent === false,
    }));
    const answer = answerPurposes(purposes, consent);
    const respond = (tac.userInterface as AnyRecord).respond as (el: { id: string }, status: boolean) => void;
    for (const key of answer.accepted) respond({ id: `${key}Allowed` }, true);
    for (const key of answer.refused) respond({ id: `${key}Allowed` }, false);
    return { cmp: 'tarteaucitron', how: 'api', ...answer };
  },
};

// ---------------------------------------------------------------------------------------------
// Orejime (v3): purposes, possibly grouped; manager.setConsents takes them all at once.

interface OrejimePurpose {
  id: string;
  title?: string;
  isMandatory?: boolean;
  isExempt?: boolean;
  purposes?: OrejimePurpose[];
}

function orejimeApi(win: Window): { manager: AnyRecord; purposes: OrejimePurpose[] } | undefined {
  const orejime = get(win, 'orejime');
  const manager = get(orejime, 'manager');
  const purposes = get(get(orejime, 'config'), 'purposes');
  return isFunction(get(manager, 'setConsents')) && Array.isArray(purposes)
    ? { manager: manager as AnyRecord, purposes: purposes as OrejimePurpose[] }
    : undefined;
}

export const orejime: CmpAdapter = {
  name: 'orejime',
  ready: (win) => !!orejimeApi(win),
  answer(win, consent) {
    const { manager, purposes } = orejimeApi(win)!;
    // A group's members are answered one by one, each read with its group's title as context.
    const flat = purposes.flatMap((p) =>
      p.purposes?.length
        ? p.purposes.map((child) => ({ ...child, title: `${p.title ?? p.id} ${child.title ?? ''}` }))
        : [p],
    );
    const answer = answerPurposes(
      flat.map((p) => ({ id: p.id, label: p.title, required: p.isMandatory === true || p.isExempt === true })),
      consent,
    );
    const consents: Record<string, boolean> = {};
    for (const id of answer.accepted) consents[id] = true;
    for (const id of answer.refused) consents[id] = false;
    (manager.setConsents as (c: Record<string, boolean>) => void).call(manager, consents);
    // Orejime's banner re-renders only from its own handlers: open its settings, which now show the
    // answer, and save them as they are, which closes both.
    const prompt = get(get(win, 'orejime'), 'prompt');
    if (isFunction(prompt) && win.document.querySelector('.orejime-Banner')) {
      prompt();
      clickWhenShown(win, '.orejime-Modal-saveButton');
    }
    return { cmp: 'orejime', how: 'api', ...answer };
  },
};

/**
 * Every adapter, tried in this order: the open-source CMPs tested with their real libraries, then the
 * commercial ones written against their documented APIs (apis/, unit-tested with stand-ins).
 */
export const CMP_ADAPTERS: readonly CmpAdapter[] = [
  klaro,
  vanillaCookieconsent,
  tarteaucitron,
  orejime,
  oneTrust,
  cookiebot,
  didomi,
  usercentrics,
  complianz,
];
