/**
 * Messages between the extension's contexts. Every message is validated where it is received:
 * a content script runs beside hostile pages, so its messages may only add observations.
 */
import { isCategory } from './categories';
import { PLACEMENT_KINDS, type Placement, type TypedValues } from './model';
import type { ConsentChange } from './consent/changes';
import { parseConsentChange } from './consent/parse';
import { normalizeSite } from './consent/sites';
import { validateDomTrackers, validateProbeReport, type DomTracker } from './probes/relay';
import type { ProbeReport } from './probes/apis';

export type ContentMessage =
  | { type: 'placements-found'; placements: Placement[] }
  | { type: 'typed-values'; typed: TypedValues }
  | { type: 'open-controls' }
  | { type: 'page-settings' }
  | { type: 'probe-report'; report: ProbeReport }
  | { type: 'dom-trackers'; trackers: DomTracker[] };

const MAX_PLACEMENTS = 200;
const MAX_TEXT = 300;
const TYPED_FIELDS = ['email', 'phone', 'name', 'postalCode'] as const;

export type Validated<T> = { ok: true; value: T } | { ok: false; error: string };

function text(value: unknown, max = MAX_TEXT): string | undefined {
  return typeof value === 'string' ? value.slice(0, max) : undefined;
}

function validatePlacement(raw: unknown): Placement | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const p = raw as Record<string, unknown>;
  const kind = PLACEMENT_KINDS.find((k) => k === p.kind);
  const label = text(p.label);
  const why = text(p.why);
  if (!kind || label === undefined || why === undefined || !Array.isArray(p.categories)) return undefined;
  const vendor = text(p.vendor, 60);
  return { kind, label, why, vendor, categories: p.categories.filter(isCategory) };
}

export function validateContentMessage(raw: unknown): Validated<ContentMessage> {
  if (!raw || typeof raw !== 'object') return { ok: false, error: 'message is not an object' };
  const message = raw as Record<string, unknown>;
  if (message.type === 'placements-found') {
    if (!Array.isArray(message.placements) || message.placements.length > MAX_PLACEMENTS) {
      return { ok: false, error: 'placements must be an array of at most 200' };
    }
    const placements = message.placements.map(validatePlacement);
    if (placements.some((p) => p === undefined)) return { ok: false, error: 'malformed placement' };
    return { ok: true, value: { type: 'placements-found', placements: placements as Placement[] } };
  }
  if (message.type === 'typed-values') {
    const raw = message.typed;
    if (!raw || typeof raw !== 'object') return { ok: false, error: 'typed must be an object' };
    const typed: TypedValues = {};
    for (const field of TYPED_FIELDS) {
      const value = text((raw as Record<string, unknown>)[field], 200);
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
  return { ok: false, error: `unknown message type ${String(message.type)}` };
}

/**
 * Messages from the extension's own pages (popup, dashboard): the only way consent or the ledger's
 * contents change. The worker accepts them only from its own origin, never from a content script.
 */
export type ControlMessage =
  | { type: 'consent'; change: ConsentChange }
  | { type: 'forget-retailer'; site: string }
  | { type: 'erase-everything' }
  | { type: 'consent-reload' }
  | { type: 'ledger-status' };

export function validateControlMessage(raw: unknown): Validated<ControlMessage> {
  if (!raw || typeof raw !== 'object') return { ok: false, error: 'message is not an object' };
  const m = raw as Record<string, unknown>;
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
    default:
      return { ok: false, error: `unknown message type ${String(m.type)}` };
  }
}
