import { uiMessage } from './i18n';
import { CATEGORY_INFO } from '../utils/categories';
import type { RecipientSummary } from '../utils/ledger/summary';

export function RecipientTable({ recipients }: { recipients: RecipientSummary[] }) {
  if (recipients.length === 0) return <p class="empty">{uiMessage('popup_nothingShared')}</p>;
  return (
    <table class="recipients" aria-label="Who received what">
      <thead>
        <tr>
          <th scope="col">{uiMessage('popup_colRecipient')}</th>
          <th scope="col">{uiMessage('popup_colData')}</th>
          <th scope="col">{uiMessage('popup_colRequests')}</th>
        </tr>
      </thead>
      <tbody>
        {recipients.map((r) => (
          <tr key={r.recipientSite} data-recipient={r.recipientSite}>
            <th scope="row">
              <span class="org">{r.organization}</span>
              <span class="meta">
                {r.recipientSite} · {r.kind}
              </span>
            </th>
            <td>
              <ul class="chips">
                {r.categories.map((c) => (
                  <li key={c} class={`chip chip-${c}`} data-category={c} title={CATEGORY_INFO[c].covers}>
                    {CATEGORY_INFO[c].name}
                  </li>
                ))}
              </ul>
            </td>
            <td class="num">{r.requests}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
