import { useMemo, useState } from 'preact/hooks';
import { openLedger } from '../utils/ledger/db';
import { summarizeRetailer } from '../utils/ledger/summary';
import { loadPolicy } from '../utils/consent-store';
import { categoryStats } from '../utils/category-stats';
import { TRACKERDB_ATTRIBUTION, TRACKER_LISTS_ATTRIBUTION } from '../utils/attributions';
import { useLiveQuery } from './useLiveQuery';
import { uiFormat, uiMessage } from './i18n';
import { RecipientTable } from './RecipientTable';
import { PlacementList } from './PlacementList';
import { ConsentPanel } from './ConsentPanel';
import { CookieBannerContract } from './CookieBannerContract';
import { BannerAnswerList } from './BannerAnswerList';
import { LedgerActions } from './LedgerActions';
import { sendControl } from './control';
import { LedgerStatusNotice } from './LedgerStatusNotice';
import { ShopPause } from './ShopPause';

export function App({ site }: { site: string }) {
  const ledger = useMemo(() => openLedger(), []);
  const summary = useLiveQuery(() => summarizeRetailer(ledger, site), [site]);
  const stats = useLiveQuery(() => categoryStats(ledger, site), [site]);
  const policy = useLiveQuery(() => loadPolicy(ledger), []);
  const [error, setError] = useState('');
  const p = policy.value;

  return (
    <main>
      <header class="top">
        <h1>
          <span class="brand">ShareLedger</span>{' '}
          <span class="site" data-testid="site">
            {site || uiMessage('popup_noShopName')}
          </span>
        </h1>
        {p ? (
          <label class="switch pause">
            <input
              type="checkbox"
              role="switch"
              checked={p.paused}
              onChange={(e) =>
                void sendControl({
                  type: 'consent',
                  change: { op: 'set-paused', paused: (e.currentTarget as HTMLInputElement).checked },
                })
              }
            />
            {uiMessage('popup_pause')}
          </label>
        ) : null}
      </header>
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      <LedgerStatusNotice />
      {summary.error ? (
        <p role="alert" class="error">
          {uiMessage('popup_readError', String(summary.error))}
        </p>
      ) : null}
      {p?.paused ? (
        <p class="notice" role="status">
          {uiMessage('popup_paused')}
        </p>
      ) : null}

      {site ? (
        <>
          {p ? <ShopPause site={site} policy={p} onError={setError} /> : null}
          <section aria-labelledby="shared-h">
            <h2 id="shared-h">{uiMessage('popup_sharedWith')}</h2>
            {summary.value ? (
              <RecipientTable recipients={summary.value.recipients} />
            ) : (
              <p>{uiMessage('popup_loading')}</p>
            )}
          </section>

          <section aria-labelledby="choices-h">
            <h2 id="choices-h">{uiMessage('popup_choicesFor', site)}</h2>
            <p class="hint">{uiMessage('popup_choicesHint')}</p>
            {p ? <ConsentPanel site={site} policy={p} stats={stats.value} onError={setError} /> : null}
            <h3>{uiMessage('banners_title')}</h3>
            {p ? <CookieBannerContract site={site} policy={p} onError={setError} /> : null}
            <h4>{uiMessage('banners_answersTitle')}</h4>
            <BannerAnswerList ledger={ledger} site={site} />
          </section>

          <section aria-labelledby="placements-h">
            <h2 id="placements-h">
              {uiMessage('popup_personalized')}{' '}
              <span class="count" data-testid="placement-count">
                {uiFormat().count(summary.value?.placements.length ?? 0)}
              </span>
            </h2>
            {summary.value ? <PlacementList placements={summary.value.placements} /> : null}
            {p ? (
              <label class="option">
                <input
                  type="checkbox"
                  checked={p.hidePlacementsWhenBrowsingRevoked}
                  onChange={(e) =>
                    void sendControl({
                      type: 'consent',
                      change: { op: 'set-hide-placements', hide: (e.currentTarget as HTMLInputElement).checked },
                    })
                  }
                />
                {uiMessage('popup_hideRows')}
              </label>
            ) : null}
          </section>
        </>
      ) : (
        <p>{uiMessage('popup_noShop')}</p>
      )}

      <details class="defaults">
        <summary>{uiMessage('popup_defaults')}</summary>
        {p ? <ConsentPanel site={null} policy={p} onError={setError} /> : null}
        {p ? <CookieBannerContract site={null} policy={p} onError={setError} /> : null}
      </details>

      <section aria-labelledby="ledger-h">
        <h2 id="ledger-h">{uiMessage('popup_ledger')}</h2>
        <LedgerActions ledger={ledger} site={site || undefined} />
        <p>
          <a href="/dashboard.html" target="_blank" rel="noopener">
            {uiMessage('popup_openDashboard')}
          </a>{' '}
          {uiMessage('popup_dashboardFor')}
        </p>
      </section>
      <footer class="attribution">
        {TRACKERDB_ATTRIBUTION}. {TRACKER_LISTS_ATTRIBUTION}. {uiMessage('popup_staysHere')}
      </footer>
    </main>
  );
}
