import type { LedgerDb } from '../utils/ledger/db';
import { bannerAnswersOf, type BannerAnswerRow } from '../utils/ledger/banners';
import type { BannerHow } from '../utils/consent/cmp/report';
import { uiLocale, uiMessage, type MessageKey } from './i18n';
import { useLiveQuery } from './useLiveQuery';

const HOW: Record<BannerHow, MessageKey> = {
  api: 'banners_howApi',
  clicks: 'banners_howClicks',
  none: 'banners_howNone',
};

function answerText(row: BannerAnswerRow): string {
  if (row.status === 'unrecognised') return uiMessage('banners_unrecognised');
  if (row.status === 'failed') return uiMessage('banners_failed');
  const none = uiMessage('banners_nothing');
  return uiMessage(
    'banners_answerLine',
    row.accepted.length ? row.accepted.join(', ') : none,
    row.refused.length ? row.refused.join(', ') : none,
  );
}

/** What ShareLedger told this shop's cookie banners, as the ledger recorded it. */
export function BannerAnswerList({ ledger, site }: { ledger: LedgerDb; site: string }) {
  const answers = useLiveQuery(() => bannerAnswersOf(ledger, site), [site]);
  const rows = answers.value ?? [];
  if (rows.length === 0) return <p class="empty">{uiMessage('banners_noAnswers')}</p>;
  const when = new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <table class="banner-answers" data-testid="banner-answers">
      <thead>
        <tr>
          <th scope="col">{uiMessage('banners_colCmp')}</th>
          <th scope="col">{uiMessage('banners_colAnswer')}</th>
          <th scope="col">{uiMessage('banners_colHow')}</th>
          <th scope="col">{uiMessage('banners_colWhen')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-cmp={row.cmp} data-status={row.status}>
            <th scope="row">{row.cmp || '?'}</th>
            <td>{answerText(row)}</td>
            <td>{uiMessage(HOW[row.how])}</td>
            <td>
              {when.format(row.lastSeen)}
              {row.times > 1 ? ` (${uiMessage('banners_times', String(row.times))})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
