import { uiCategoryName, uiFormat, uiMessage, uiPlacementKind } from './i18n';
import type { RetailerSummary } from '../utils/ledger/summary';

export function PlacementList({ placements }: { placements: RetailerSummary['placements'] }) {
  if (placements.length === 0) return <p class="empty">{uiMessage('placements_none')}</p>;
  return (
    <ul class="placements" aria-label={uiMessage('placements_label')}>
      {placements.map((p, i) => (
        <li key={i} data-placement-kind={p.kind}>
          <strong>“{p.label}”</strong>{' '}
          <span class="meta">
            {uiPlacementKind(p.kind)}
            {p.vendor ? ` · ${p.vendor}` : ''}
          </span>
          <span class="meta">
            {' '}
            {uiMessage(
              'placements_uses',
              p.categories.length
                ? uiFormat().list(p.categories.map((c) => uiCategoryName(c)))
                : uiMessage('placements_unknownData'),
            )}
          </span>
          <span class="meta page"> {uiMessage('placements_on', new URL(p.pageUrl).pathname)}</span>
        </li>
      ))}
    </ul>
  );
}
