/**
 * What the banner support reports about one cookie banner on a page (page-world answerer, or the
 * autoconsent content script): which CMP, whether and how it was answered, the purposes accepted and
 * refused. Reports come from content scripts beside the page, so they are validated here (bounded
 * strings and lists, known values only) before the worker writes them to the ledger.
 */
import { isPlainObject } from '../../guards';
import { err, ok, type Result } from '../../result';

/** answered: the CMP took the answer; failed: it was found but the answer did not go through;
 * unrecognised: a cookie banner was seen that no adapter or rule knows. */
export const BANNER_STATUSES = ['answered', 'failed', 'unrecognised'] as const;
export type BannerStatus = (typeof BANNER_STATUSES)[number];

/** api: per purpose through the CMP's JavaScript API; clicks: its own buttons, clicked; none: not answered. */
export const BANNER_HOWS = ['api', 'clicks', 'none'] as const;
export type BannerHow = (typeof BANNER_HOWS)[number];

export interface BannerReport {
  /** The CMP's name (adapter or autoconsent rule), '' for an unrecognised banner. */
  cmp: string;
  status: BannerStatus;
  how: BannerHow;
  /** Purposes as the CMP names them; ["all"] for an all-or-nothing answer. */
  accepted: string[];
  refused: string[];
}

export const MAX_BANNER_PURPOSES = 60;
const MAX_NAME = 80;
// CMP and purpose names: letters, digits and the punctuation rule names use, nothing markup-like.
const NAME = /^[\p{L}\p{N} _.:/()&+-]*$/u;

function names(value: unknown, field: string): Result<string[]> {
  if (!Array.isArray(value)) return err(`${field} must be an array`);
  if (value.length > MAX_BANNER_PURPOSES) return err(`${field} lists more than ${MAX_BANNER_PURPOSES} purposes`);
  const out: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || item.length === 0 || item.length > MAX_NAME || !NAME.test(item))
      return err(`${field} holds a purpose name that is not a short plain name`);
    out.push(item);
  }
  return ok(out);
}

/** A banner report from another context; never throws. */
export function validateBannerReport(raw: unknown): Result<BannerReport> {
  try {
    if (!isPlainObject(raw)) return err('banner report must be an object');
    const { cmp, status, how } = raw;
    if (typeof cmp !== 'string' || cmp.length > MAX_NAME || !NAME.test(cmp))
      return err('banner report cmp must be a short plain name');
    if (!(BANNER_STATUSES as readonly unknown[]).includes(status)) return err('banner report status is unknown');
    if (!(BANNER_HOWS as readonly unknown[]).includes(how)) return err('banner report how is unknown');
    const accepted = names(raw.accepted, 'accepted');
    if (!accepted.ok) return accepted;
    const refused = names(raw.refused, 'refused');
    if (!refused.ok) return refused;
    const report: BannerReport = {
      cmp,
      status: status as BannerStatus,
      how: how as BannerHow,
      accepted: accepted.value,
      refused: refused.value,
    };
    if (report.status === 'answered' && (report.cmp === '' || report.how === 'none'))
      return err('an answered banner names its CMP and how it was answered');
    if (report.status !== 'answered' && (report.accepted.length > 0 || report.refused.length > 0))
      return err('only an answered banner lists purposes');
    return ok(report);
  } catch {
    return err('banner report could not be read');
  }
}
