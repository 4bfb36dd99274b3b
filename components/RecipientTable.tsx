import { uiCategoryCovers, uiCategoryName, uiFormat, uiMessage, uiTrackerKind, type MessageKey } from './i18n';
import type { NameSource } from '../utils/model';
import type { RecipientSummary } from '../utils/ledger/summary';

/** How the popup says where a recipient's name and kind came from. */
const NAME_SOURCE_MESSAGES: Record<NameSource, MessageKey> = {
  decoder: 'popup_nameSource_decoder',
  cloaked: 'popup_nameSource_cloaked',
  registry: 'popup_nameSource_registry',
  lists: 'popup_nameSource_lists',
  trackerdb: 'popup_nameSource_trackerdb',
  'entity-map': 'popup_nameSource_entityMap',
  site: 'popup_nameSource_site',
};

export function RecipientTable({ recipients }: { recipients: RecipientSummary[] }) {
  if (recipients.length === 0) return <p class="empty">{uiMessage('popup_nothingShared')}</p>;
  return (
    <table class="recipients" aria-label={uiMessage('recipients_label')}>
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
                {r.recipientSite} · {uiTrackerKind(r.kind)}
              </span>
              {r.nameSource && (
                <span class="meta name-source" data-name-source={r.nameSource}>
                  {uiMessage(NAME_SOURCE_MESSAGES[r.nameSource])}
                </span>
              )}
              {r.pageReported > 0 && (
                <span class="meta provenance" data-provenance="page" data-page-reported={r.pageReported}>
                  {uiMessage('popup_pageReported', uiFormat().count(r.pageReported), uiFormat().count(r.requests))}
                </span>
              )}
            </th>
            <td>
              <ul class="chips">
                {r.categories.map((c) => (
                  <li key={c} class={`chip chip-${c}`} data-category={c} title={uiCategoryCovers(c)}>
                    {uiCategoryName(c)}
                  </li>
                ))}
              </ul>
            </td>
            <td class="num">
              {uiFormat().count(r.requests)}
              {r.blocked > 0 && (
                <span class="meta blocked" data-blocked={r.blocked}>
                  {uiMessage('popup_blockedOf', uiFormat().count(r.blocked))}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
