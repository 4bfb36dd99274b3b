import { CATEGORY_INFO } from '../utils/categories';
import type { RetailerSummary } from '../utils/ledger/summary';

export function PlacementList({ placements }: { placements: RetailerSummary['placements'] }) {
  if (placements.length === 0) return <p class="empty">No personalized placements seen yet.</p>;
  return (
    <ul class="placements" aria-label="Personalized placements">
      {placements.map((p, i) => (
        <li key={i} data-placement-kind={p.kind}>
          <strong>“{p.label}”</strong>{' '}
          <span class="meta">
            {p.kind.replace('-', ' ')}
            {p.vendor ? ` · ${p.vendor}` : ''}
          </span>
          <span class="meta">
            {' '}
            uses {p.categories.map((c) => CATEGORY_INFO[c].name.toLowerCase()).join(', ') || 'unknown data'}
          </span>
          <span class="meta page"> on {new URL(p.pageUrl).pathname}</span>
        </li>
      ))}
    </ul>
  );
}
