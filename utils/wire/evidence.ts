import { CATEGORIES, type Category } from '../categories';
import type { Evidence, EvidenceWhere } from '../model';

/** Collects evidence for one request; decoders and the generic analyser call add() for each signal. */
export interface EvidenceSink {
  add(category: Category, where: EvidenceWhere, key: string, value: string): void;
}

const MAX_SAMPLE = 80;
/** Evidence kept per request; a single batched beacon can carry hundreds of signals. */
const MAX_EVIDENCE = 32;

const HEX = /^[0-9a-f]+$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/** What a contact value is, without any of it: the ledger never keeps contact data, even partly. */
export function describeContact(value: string): string {
  const v = value.trim();
  if (HEX.test(v)) {
    if (v.length === 64) return 'sha256 hash';
    if (v.length === 40) return 'sha1 hash';
    if (v.length === 32) return 'md5 hash';
  }
  if (EMAIL.test(v)) return 'email address';
  if (/^\+?[\d\s().-]{7,20}$/.test(v)) return 'phone number';
  return `value (${v.length} chars)`;
}

const EMAIL_ANYWHERE = /[a-z0-9._%+-]+(?:@|%40)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/gi;
const DIGEST_ANYWHERE = /(?<![0-9a-f])(?:[0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-f])/gi;

/** Removes email addresses and digests from a sample (a page URL can carry ?email=…). */
function scrub(value: string): string {
  let out = value;
  if (out.indexOf('@') >= 0 || out.indexOf('%40') >= 0) out = out.replace(EMAIL_ANYWHERE, '[email]');
  if (out.length >= 32) out = out.replace(DIGEST_ANYWHERE, '[hash]');
  return out;
}

/** Redacts a value for the ledger: contact values are described, identifiers and places shortened. */
export function redactSample(category: Category, value: string): string {
  if (category === 'contact') return describeContact(value);
  if (category === 'identifiers' || category === 'location') {
    return value.length <= 6 ? value.replace(/./g, '•') : `${value.slice(0, 6)}…`;
  }
  const clean = scrub(value.length > 4 * MAX_SAMPLE ? value.slice(0, 4 * MAX_SAMPLE) : value);
  return clean.length > MAX_SAMPLE ? `${clean.slice(0, MAX_SAMPLE)}…` : clean;
}

/** Whether evidence key `key` is field `field` or a value nested in it ("dl→_kx" is inside "dl"). */
export function insideField(key: string, field: string): boolean {
  return key === field || (key.length > field.length && key.startsWith(field) && key[field.length] === '→');
}

const BIT = new Map<Category, number>(CATEGORIES.map((c, i) => [c, 1 << i]));

/** An EvidenceSink that keeps the first piece of evidence per (category, key) and the set of categories. */
export class EvidenceCollector implements EvidenceSink {
  readonly evidence: Evidence[] = [];
  /** Categories seen, as a bit set in CATEGORIES order (cheap to update on every signal). */
  private mask = 0;
  source = 'generic';

  /** Categories found, in canonical order. */
  sortedCategories(): Category[] {
    const out: Category[] = [];
    for (let i = 0; i < CATEGORIES.length; i++) if (this.mask & (1 << i)) out.push(CATEGORIES[i]!);
    return out;
  }

  add(category: Category, where: EvidenceWhere, key: string, value: string): void {
    this.push(category, where, key, redactSample(category, value));
  }

  /** Adds evidence whose sample is already a safe description (e.g. "sha256 of email"). */
  describe(category: Category, where: EvidenceWhere, key: string, description: string): void {
    this.push(category, where, key, description);
  }

  has(category: Category): boolean {
    return (this.mask & (BIT.get(category) ?? 0)) !== 0;
  }

  private push(category: Category, where: EvidenceWhere, key: string, sample: string): void {
    this.mask |= BIT.get(category) ?? 0;
    if (this.evidence.length >= MAX_EVIDENCE) return;
    // At most MAX_EVIDENCE entries: a linear scan is cheaper than building a key string per signal.
    const leak = this.source === 'leak';
    let leakSample: string | undefined;
    for (const e of this.evidence) {
      if (!leak && e.source === 'leak' && insideField(key, e.key)) leakSample ??= e.sample;
      if (e.category !== category || e.key !== key) continue;
      if (!leak || (e.source === 'leak' && e.sample === sample)) return;
    }
    // A field that carries a typed value is described, whatever else it is: a shortened sample of it
    // ("Um93YW…", base64) would reveal the start of what the shopper typed.
    if (leakSample !== undefined) sample = leakSample;
    this.evidence.push({
      category,
      where,
      key: key.length > 80 ? `${key.slice(0, 80)}…` : key,
      sample,
      source: this.source,
    });
  }
}
