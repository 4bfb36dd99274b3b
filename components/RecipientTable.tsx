import { CATEGORY_INFO } from '../utils/categories';
import type { RecipientSummary } from '../utils/ledger/summary';

export function RecipientTable({ recipients }: { recipients: RecipientSummary[] }) {
  if (recipients.length === 0) return <p class="empty">Nothing shared with third parties yet.</p>;
  return (
    <table class="recipients" aria-label="Who received what">
      <thead>
        <tr>
          <th scope="col">Recipient</th>
          <th scope="col">Data shared</th>
          <th scope="col">Requests</th>
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
