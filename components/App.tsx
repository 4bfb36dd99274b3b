import { useMemo } from 'preact/hooks';
import { openLedger } from '../utils/ledger/db';
import { summarizeRetailer } from '../utils/ledger/summary';
import { TRACKERDB_ATTRIBUTION } from '../utils/trackerdb';
import { useLiveQuery } from './useLiveQuery';
import { RecipientTable } from './RecipientTable';
import { PlacementList } from './PlacementList';

export function App({ site }: { site: string }) {
  const ledger = useMemo(() => openLedger(), []);
  const summary = useLiveQuery(() => summarizeRetailer(ledger, site), [site]);
  if (!site) return <main><p>Open a shop's page to see what it shares.</p></main>;
  return (
    <main>
      <header>
        <h1>
          <span class="brand">ShareLedger</span> <span class="site" data-testid="site">{site}</span>
        </h1>
      </header>
      {summary.error ? <p role="alert">Could not read the ledger: {String(summary.error)}</p> : null}
      <section aria-labelledby="shared-h">
        <h2 id="shared-h">Shared with</h2>
        {summary.value ? <RecipientTable recipients={summary.value.recipients} /> : <p>Loading…</p>}
      </section>
      <section aria-labelledby="placements-h">
        <h2 id="placements-h">
          Personalized for you <span class="count" data-testid="placement-count">{summary.value?.placements.length ?? 0}</span>
        </h2>
        {summary.value ? <PlacementList placements={summary.value.placements} /> : null}
      </section>
      <footer class="attribution">{TRACKERDB_ATTRIBUTION}</footer>
    </main>
  );
}
