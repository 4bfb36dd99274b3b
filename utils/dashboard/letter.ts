/**
 * "Request my data": a ready letter to a shop, in plain text, listing what ShareLedger saw the shop
 * send to whom and when. The shopper picks the law; the letter is only text to copy or download:
 * nothing is sent anywhere. Pure: the dashboard passes what it read from the ledger and the words of
 * the shopper's language (public/_locales, keys letterText_*).
 */
import type { Category } from '../categories';
import type { TrackerKind } from '../model';
import type { ObservedRecipient } from './overview';

export const LETTER_LAWS = ['gdpr', 'ccpa'] as const;
export type LetterLaw = (typeof LETTER_LAWS)[number];

type LawPart = 'subject' | 'to' | 'greeting' | 'reply';
type GdprPart = LawPart | 'access' | 'objection' | `item${1 | 2 | 3 | 4 | 5 | 6}`;
type CcpaPart = LawPart | 'intro' | 'know' | 'optOut' | `item${1 | 2 | 3 | 4}`;
/** Every message the letter is made of (public/_locales, letterText_*). */
export type LetterTextKey =
  | `letterText_${'date' | 'subject' | 'observedIntro' | 'observedNone' | 'observedCategory'}`
  | `letterText_${'signOff' | 'yourName' | 'yourAccount'}`
  | `letterText_gdpr_${GdprPart}`
  | `letterText_ccpa_${CcpaPart}`;

/** The words of one language: the letter's messages ($1… filled), category names and recipient kinds. */
export interface LetterWords {
  text(key: LetterTextKey, ...substitutions: string[]): string;
  categoryName(category: Category): string;
  categoryCovers(category: Category): string;
  kind(kind: TrackerKind): string;
}

export interface LetterInput {
  shop: string;
  law: LetterLaw;
  recipients: ObservedRecipient[];
  /** Today, for the letter's date. */
  now: number;
}

const DAY_MS = 86_400_000;
// ISO dates in every language: a letter is a record, and 2026-11-03 reads the same in every country.
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The observed disclosures, one recipient a paragraph, each category with its first and last date. */
export function observedList(recipients: ObservedRecipient[], words: LetterWords): string {
  if (recipients.length === 0) return `  ${words.text('letterText_observedNone')}`;
  return recipients
    .map((r) => {
      const lines = r.categories.map(
        (c) =>
          '    - ' +
          words.text(
            'letterText_observedCategory',
            words.categoryName(c.category),
            words.categoryCovers(c.category),
            isoDay(c.firstDay),
            isoDay(c.lastDay),
          ),
      );
      return `  * ${r.organization} (${r.recipientSite}, ${words.kind(r.kind)})\n${lines.join('\n')}`;
    })
    .join('\n');
}

/** Each law's request: paragraphs before its numbered items ('' is a blank line), how many items, and after. */
const LAW_TEXT = {
  gdpr: { before: ['access'], items: 6, after: ['objection', 'reply'] },
  ccpa: { before: ['intro', '', 'know'], items: 4, after: ['optOut', 'reply'] },
} as const;

export function composeLetter(
  { shop, law, recipients, now }: LetterInput,
  words: LetterWords,
): { subject: string; body: string } {
  const t = words.text;
  const part = (name: string) => t(`letterText_${law}_${name}` as LetterTextKey);
  const { before, items, after } = LAW_TEXT[law];
  const subject = t(`letterText_${law}_subject`, shop);
  const body = [
    t(`letterText_${law}_to`, shop),
    t('letterText_date', new Date(now).toISOString().slice(0, 10)),
    t('letterText_subject', subject),
    '',
    part('greeting'),
    '',
    ...before.map((name) => (name === '' ? '' : part(name))),
    // Numbered items sit two spaces in, as a list does in plain text.
    ...Array.from({ length: items }, (_, i) => `  ${part(`item${i + 1}`)}`),
    '',
    t('letterText_observedIntro', shop),
    '',
    observedList(recipients, words),
    '',
    ...after.flatMap((name) => [part(name), '']),
    t('letterText_signOff'),
    '',
    t('letterText_yourName'),
    t('letterText_yourAccount', shop),
  ].join('\n');
  return { subject, body: body + '\n' };
}
