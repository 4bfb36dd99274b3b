/**
 * The one message protocol between the extension's contexts: each message is declared once, with
 * its request fields and its reply, and every type below derives from that table. Every message is
 * validated where it is received: a content script runs beside hostile pages, so its messages may
 * only add observations; consent and erasure come only from the extension's own pages.
 */
import { isCategory } from './categories';
import { PLACEMENT_KINDS, type Placement, type TypedValues } from './model';
import type { ConsentChange } from './consent/changes';
import type { ConsentState } from './consent/model';
import type { Category } from './categories';
import { parseConsentChange } from './consent/parse';
import { normalizeSite } from './consent/sites';
import { validateDomTrackers, validateProbeReport, type DomTracker } from './probes/relay';
import type { ProbeReport } from './probes/apis';
import type { ForgetResult } from './ledger/erase';
import type { LedgerStatus } from './ledger/writer';
import { isPlainObject } from './guards';
import { validateBannerReport, type BannerReport } from './consent/cmp/report';
import { validateAutoconsentMessage, type AutoconsentAnswer, type AutoconsentMessage } from './consent/cmp/autoconsent';
import type { Result } from './result';

type Ack = { ok: true };
export type Failure = { ok: false; error: string };

/** Every message: the fields it carries besides `type`, and what the worker answers. */
export interface Protocol {
  // From content scripts (untrusted: they run beside the page).
  'placements-found': { request: { placements: Placement[] }; reply: Ack };
  'typed-values': { request: { typed: TypedValues }; reply: Ack };
  'open-controls': { request: unknown; reply: Ack };
  'page-settings': {
    request: unknown;
    /** cmpConsent: the choices cookie banners are answered from (null when banners are left to the shopper or enforcement is paused). */
    reply: Ack & { hidePlacements: boolean; cmpConsent: Record<Category, ConsentState> | null };
  };
  'probe-report': { request: { report: ProbeReport }; reply: Ack };
  'dom-trackers': { request: { trackers: DomTracker[] }; reply: Ack };
  /** What the banner support did with a cookie banner on the page (recorded in the ledger). */
  'banner-report': { request: { report: BannerReport }; reply: Ack };
  /** autoconsent's content script to its background side; `forward` goes back to it (initResp, evalResp);
   * `answer`: what to tell the banner once it has settled (none: leave it). */
  autoconsent: {
    request: { message: AutoconsentMessage };
    reply: Ack & { forward?: unknown; answer?: AutoconsentAnswer };
  };
  // From the extension's own pages (popup, dashboard).
  consent: { request: { change: ConsentChange }; reply: Ack };
  'forget-retailer': { request: { site: string }; reply: Ack & { result: ForgetResult } };
  'erase-everything': { request: unknown; reply: Ack };
  'consent-reload': { request: unknown; reply: Ack };
  'ledger-status': { request: unknown; reply: Ack & { status: LedgerStatus } };
  /** Replies once every request observed so far is written to IndexedDB, so a reader sees it. */
  'flush-ledger': { request: unknown; reply: Ack & { status: LedgerStatus } };
}

export type MessageType = keyof Protocol;
/** The message of type K as sent: `{ type: K, ...request }`. */
export type Message<K extends MessageType = MessageType> = K extends MessageType
  ? { type: K } & (Protocol[K]['request'] extends object ? Protocol[K]['request'] : unknown)
  : never;
/** What the worker answers to a message of type K: its reply, or a failure. */
export type Reply<K extends MessageType = MessageType> = Protocol[K]['reply'] | Failure;

export const CONTENT_MESSAGE_TYPES = [
  'placements-found',
  'typed-values',
  'open-controls',
  'page-settings',
  'probe-report',
  'dom-trackers',
  'banner-report',
  'autoconsent',
] as const satisfies readonly MessageType[];
export const CONTROL_MESSAGE_TYPES = [
  'consent',
  'forget-retailer',
  'erase-everything',
  'consent-reload',
  'ledger-status',
  'flush-ledger',
] as const satisfies readonly MessageType[];
export type ContentMessageType = (typeof CONTENT_MESSAGE_TYPES)[number];
export type ControlMessageType = (typeof CONTROL_MESSAGE_TYPES)[number];
export type ContentMessage = Message<ContentMessageType>;
export type ControlMessage = Message<ControlMessageType>;

/** One handler per message type of a channel; each receives its own message type and answers its own reply. */
export type Handlers<K extends MessageType, Context> = {
  [T in K]: (message: Message<T>, context: Context) => Promise<Reply<T>> | Reply<T>;
};

/** Calls the handler of a validated message's type. */
export function dispatch<K extends MessageType, Context>(
  handlers: Handlers<K, Context>,
  message: Message<K>,
  context: Context,
): Promise<Reply<K>> {
  // TypeScript cannot correlate a union's member with its handler; the table above guarantees it.
  const handler = handlers[message.type as K] as (message: Message<K>, context: Context) => Reply<K>;
  return Promise.resolve(handler(message, context));
}

/** A message's type for an error message: never converted blindly (a hostile object may refuse to be). */
function describeType(type: unknown): string {
  return typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type;
}

const MAX_PLACEMENTS = 200;
const MAX_TEXT = 300;
const TYPED_FIELDS = ['email', 'phone', 'name', 'postalCode'] as const;

function text(value: unknown, max = MAX_TEXT): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function validatePlacement(raw: unknown): Placement | undefined {
  if (!isPlainObject(raw)) return undefined;
  const kind = PLACEMENT_KINDS.find((k) => k === raw.kind);
  const label = text(raw.label);
  const why = text(raw.why);
  if (!kind || label === undefined || why === undefined || !Array.isArray(raw.categories)) return undefined;
  const vendor = text(raw.vendor, 60);
  return { kind, label, why, vendor, categories: raw.categories.filter(isCategory) };
}

export function validateContentMessage(raw: unknown): Result<ContentMessage> {
  if (!isPlainObject(raw)) return { ok: false, error: 'message is not an object' };
  const message = raw;
  if (message.type === 'placements-found') {
    if (!Array.isArray(message.placements) || message.placements.length > MAX_PLACEMENTS) {
      return { ok: false, error: 'placements must be an array of at most 200' };
    }
    const placements: Placement[] = [];
    for (const item of message.placements) {
      const placement = validatePlacement(item);
      if (!placement) return { ok: false, error: 'malformed placement' };
      placements.push(placement);
    }
    return { ok: true, value: { type: 'placements-found', placements } };
  }
  if (message.type === 'typed-values') {
    const raw = message.typed;
    if (!isPlainObject(raw)) return { ok: false, error: 'typed must be an object' };
    const typed: TypedValues = {};
    for (const field of TYPED_FIELDS) {
      const value = text(raw[field], 200);
      if (value) typed[field] = value;
    }
    return { ok: true, value: { type: 'typed-values', typed } };
  }
  if (message.type === 'open-controls') return { ok: true, value: { type: 'open-controls' } };
  if (message.type === 'page-settings') return { ok: true, value: { type: 'page-settings' } };
  if (message.type === 'probe-report') {
    // Forwarded from the page's own world, so as untrusted as the page: validated again here.
    const report = validateProbeReport(message.report);
    return report.ok ? { ok: true, value: { type: 'probe-report', report: report.value } } : report;
  }
  if (message.type === 'dom-trackers') {
    const trackers = validateDomTrackers(message.trackers);
    return trackers.ok ? { ok: true, value: { type: 'dom-trackers', trackers: trackers.value } } : trackers;
  }
  if (message.type === 'banner-report') {
    // Relayed from the page's world: a page can only report on its own banner, bounded by validation.
    const report = validateBannerReport(message.report);
    return report.ok ? { ok: true, value: { type: 'banner-report', report: report.value } } : report;
  }
  if (message.type === 'autoconsent') {
    const inner = validateAutoconsentMessage(message.message);
    return inner.ok ? { ok: true, value: { type: 'autoconsent', message: inner.value } } : inner;
  }
  return { ok: false, error: `unknown message type ${describeType(message.type)}` };
}

/**
 * Messages from the extension's own pages (popup, dashboard): the only way consent or the ledger's
 * contents change. The worker accepts them only from its own origin, never from a content script.
 */
export function validateControlMessage(raw: unknown): Result<ControlMessage> {
  if (!isPlainObject(raw)) return { ok: false, error: 'message is not an object' };
  const m = raw;
  switch (m.type) {
    case 'consent': {
      const parsed = parseConsentChange(m.change);
      return parsed.ok
        ? { ok: true, value: { type: 'consent', change: parsed.value } }
        : { ok: false, error: parsed.error };
    }
    case 'forget-retailer': {
      const site = normalizeSite(m.site);
      return site
        ? { ok: true, value: { type: 'forget-retailer', site } }
        : { ok: false, error: 'site must be a host name' };
    }
    case 'erase-everything':
      return { ok: true, value: { type: 'erase-everything' } };
    case 'consent-reload':
      return { ok: true, value: { type: 'consent-reload' } };
    case 'ledger-status':
      return { ok: true, value: { type: 'ledger-status' } };
    case 'flush-ledger':
      return { ok: true, value: { type: 'flush-ledger' } };
    default:
      return { ok: false, error: `unknown message type ${describeType(m.type)}` };
  }
}
