/**
 * The normalisations vendors apply before hashing or sending what a shopper typed (Meta, Google,
 * TikTok, Pinterest advanced matching: trim, lower case, E.164 digits for phones, no spaces in
 * postal codes), so a typed value can be recognised in any of the forms it leaves the page in.
 */
import type { TypedValues } from '../model';

export type TypedField = keyof TypedValues & string;

export interface Variant {
  /** Normalised text that a vendor may send or hash. */
  text: string;
  /** Whether looking for it in clear is safe from false positives (long enough, distinctive). */
  plain: boolean;
  /**
   * Whether a plain match needs a non-alphanumeric character on both sides; 'strict' also rejects
   * . @ _ - neighbours, so a name inside an email address ("jane.doe@…") is not a name leak.
   */
  boundary: boolean | 'strict';
}

export interface NormaliseOptions {
  /** Country calling code assumed for national phone numbers (e.g. "49", "33"); "1" is also tried for 10-digit numbers. */
  phoneCountryCode?: string;
}

function collapse(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

export function emailVariants(raw: string): Variant[] {
  const typed = raw.trim();
  const lower = typed.toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1 || at === lower.length - 1) return [];
  const out = new Set<string>([lower, typed]);
  const local = lower.slice(0, at);
  const domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  const base = plus > 0 ? local.slice(0, plus) : local;
  if (plus > 0) out.add(`${base}@${domain}`);
  // Google normalises gmail addresses by dropping dots in the local part.
  if (domain === 'gmail.com' || domain === 'googlemail.com') out.add(`${base.replace(/\./g, '')}@${domain}`);
  return [...out].map((text) => ({ text, plain: true, boundary: false }));
}

export function phoneVariants(raw: string, options: NormaliseOptions = {}): Variant[] {
  const typed = raw.trim();
  const digits = typed.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return [];
  const out = new Map<string, boolean>();
  const add = (text: string, plain = true) => out.set(text, out.get(text) || plain);
  add(digits);
  if (typed !== digits && typed.length >= 7) add(typed);
  let international: string | undefined;
  if (typed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  if (international) {
    add(international);
    add(`+${international}`);
    // "+49 (0)30 …": the trunk 0 after a 1–3 digit country code is not part of E.164.
    for (let i = 1; i <= 3; i++) {
      if (international[i] === '0') {
        const e164 = international.slice(0, i) + international.slice(i + 1);
        add(e164);
        add(`+${e164}`);
      }
    }
  } else {
    const cc = options.phoneCountryCode?.replace(/\D/g, '');
    const national = digits.startsWith('0') ? digits.slice(1) : digits;
    if (cc) {
      add(`${cc}${national}`);
      add(`+${cc}${national}`);
    }
    if (digits.length === 10 && !digits.startsWith('0')) {
      add(`1${digits}`);
      add(`+1${digits}`);
    }
  }
  return [...out].map(([text, plain]) => ({ text, plain, boundary: true }));
}

export function nameVariants(raw: string): Variant[] {
  const full = collapse(raw).toLowerCase();
  if (full.length < 2) return [];
  const out = new Map<string, Variant>();
  out.set(full, { text: full, plain: full.length >= 5, boundary: 'strict' });
  const tokens = full.split(' ').filter((t) => t.length >= 2);
  if (tokens.length > 1) {
    const joined = tokens.join('');
    out.set(joined, { text: joined, plain: false, boundary: 'strict' });
    for (const token of tokens) {
      if (!out.has(token)) out.set(token, { text: token, plain: token.length >= 4, boundary: 'strict' });
    }
  }
  return [...out.values()];
}

export function postalCodeVariants(raw: string): Variant[] {
  const typed = collapse(raw).toLowerCase();
  if (typed.length < 3) return [];
  const out = new Set<string>([typed, typed.replace(/\s/g, '')]);
  const zip4 = /^(\d{5})-\d{4}$/.exec(typed);
  if (zip4) out.add(zip4[1]!);
  return [...out].map((text) => ({ text, plain: text.length >= 4, boundary: true }));
}

export function variantsFor(field: TypedField, raw: string, options: NormaliseOptions = {}): Variant[] {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 256) return [];
  switch (field) {
    case 'email':
      return emailVariants(raw);
    case 'phone':
      return phoneVariants(raw, options);
    case 'name':
      return nameVariants(raw);
    case 'postalCode':
      return postalCodeVariants(raw);
    default:
      return [];
  }
}
