/**
 * "Request my data": a ready letter to a shop, in plain text, listing what ShareLedger saw the shop
 * send to whom and when. The shopper picks the law; the letter is only text to copy or download:
 * nothing is sent anywhere. Pure: the dashboard passes what it read from the ledger.
 */
import { CATEGORY_INFO } from '../categories';
import type { ObservedRecipient } from './overview';

export const LETTER_LAWS = ['gdpr', 'ccpa'] as const;
export type LetterLaw = (typeof LETTER_LAWS)[number];

export const LETTER_LAW_NAMES: Record<LetterLaw, string> = {
  gdpr: 'GDPR (EU/EEA, UK): access (Art. 15) and objection (Art. 21)',
  ccpa: 'CCPA/CPRA (California): right to know, opt-out of sale and sharing',
};

export interface LetterInput {
  shop: string;
  law: LetterLaw;
  recipients: ObservedRecipient[];
  /** Today, for the letter's date. */
  now: number;
}

const DAY_MS = 86_400_000;
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The observed disclosures, one recipient a paragraph, each category with its first and last date. */
export function observedList(recipients: ObservedRecipient[]): string {
  if (recipients.length === 0) return '  (ShareLedger recorded no data sent to third parties from your site.)';
  return recipients
    .map((r) => {
      const lines = r.categories.map(
        (c) =>
          `    - ${CATEGORY_INFO[c.category].name} (${CATEGORY_INFO[c.category].covers}): ` +
          `first seen ${isoDay(c.firstDay)}, last seen ${isoDay(c.lastDay)}`,
      );
      return `  * ${r.organization} (${r.recipientSite}, ${r.kind})\n${lines.join('\n')}`;
    })
    .join('\n');
}

export function composeLetter({ shop, law, recipients, now }: LetterInput): { subject: string; body: string } {
  const date = new Date(now).toISOString().slice(0, 10);
  const observed = observedList(recipients);
  const signature = [
    'Yours sincerely,',
    '',
    '[Your name]',
    `[The email address or customer number you use with ${shop}]`,
  ].join('\n');
  if (law === 'gdpr') {
    const subject = `Subject access request (Art. 15 GDPR) and objection (Art. 21 GDPR) – ${shop}`;
    const body = [
      `To: the data protection officer of ${shop}`,
      `Date: ${date}`,
      `Subject: ${subject}`,
      '',
      'Dear Sir or Madam,',
      '',
      'I am writing to exercise my right of access under Article 15 of the General Data Protection Regulation',
      '(GDPR). Please confirm whether you process personal data concerning me and, if so, provide:',
      '  1. a copy of that personal data (Art. 15(3));',
      '  2. the purposes of the processing and the categories of personal data concerned;',
      '  3. the recipients or categories of recipients to whom it has been or will be disclosed, in particular',
      '     the third parties listed below;',
      '  4. how long it will be stored, or the criteria used to decide;',
      '  5. where it was not collected from me, any available information as to its source;',
      '  6. whether automated decision-making, including profiling, takes place, with meaningful information',
      '     about the logic involved (Art. 15(1)(h)).',
      '',
      `While I used your website, my browser recorded that pages of ${shop} sent the following data about me`,
      'to these third parties:',
      '',
      observed,
      '',
      'I also object, under Article 21(2) and (3) GDPR, to the processing of my personal data for direct',
      'marketing, including profiling related to it, and under Article 21(1) to any processing based on',
      'legitimate interests, including disclosure to the third parties above for advertising, analytics,',
      'personalization or session recording. Please stop that processing and tell those recipients (Art. 19).',
      '',
      'Please reply within one month of receiving this request (Art. 12(3)). If you need to confirm my identity,',
      'please ask only for what is necessary to do so.',
      '',
      signature,
    ].join('\n');
    return { subject, body: body + '\n' };
  }
  const subject = `Request to know and to opt out of sale and sharing (CCPA/CPRA) – ${shop}`;
  const body = [
    `To: the privacy team of ${shop}`,
    `Date: ${date}`,
    `Subject: ${subject}`,
    '',
    'To whom it may concern,',
    '',
    'I am a consumer exercising my rights under the California Consumer Privacy Act as amended by the',
    'California Privacy Rights Act (Cal. Civ. Code § 1798.100 et seq.).',
    '',
    'Request to know (§§ 1798.110, 1798.115). Please disclose, for the 12 months before this request or longer:',
    '  1. the categories and the specific pieces of personal information you have collected about me;',
    '  2. the categories of sources from which it was collected;',
    '  3. the business or commercial purpose for collecting, selling or sharing it;',
    '  4. the categories of third parties to whom you disclosed, sold or shared it, and the categories of',
    '     personal information sold or shared with each, in particular to the third parties listed below.',
    '',
    `While I used your website, my browser recorded that pages of ${shop} sent the following data about me`,
    'to these third parties:',
    '',
    observed,
    '',
    'Opt-out of sale and sharing (§ 1798.120). I direct you not to sell or share my personal information,',
    'including for cross-context behavioral advertising, and to tell the third parties above to stop. My browser',
    'also sends the Global Privacy Control signal, which you must treat as a valid opt-out request',
    '(Cal. Code Regs. tit. 11, § 7025).',
    '',
    'Please confirm receipt within 10 business days and respond within 45 days (§ 1798.130). If you need to',
    'verify my identity, please ask only for what is reasonably necessary.',
    '',
    signature,
  ].join('\n');
  return { subject, body: body + '\n' };
}
