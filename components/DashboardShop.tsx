import { useState } from 'preact/hooks';
import type { LedgerDb } from '../utils/ledger/db';
import { loadPolicy } from '../utils/consent-store';
import { categoryStats } from '../utils/category-stats';
import { loadShopRecipients, loadRecipientShops, type ObservedRecipient } from '../utils/dashboard/overview';
import { dashboardHref } from '../utils/dashboard/routes';
import { useLiveQuery } from './useLiveQuery';
import { ConsentPanel } from './ConsentPanel';
import { PlacementList } from './PlacementList';
import { DashboardFlows } from './DashboardFlows';
import { DashboardLetter } from './DashboardLetter';
import { uiCategoryName, uiFormat, uiMessage, uiTrackerKind } from './i18n';

/** Rows of recipients (shop view) or shops (recipient view), each category with its first and last day. */
function ObservedTable({
  rows,
  heading,
  link,
  testId,
}: {
  rows: ObservedRecipient[];
  heading: string;
  link(key: string): string;
  testId: string;
}) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">{uiMessage('shopView_colData')}</th>
          <th scope="col" class="num">
            {uiMessage('shopView_colRequests')}
          </th>
          <th scope="col" class="num">
            {uiMessage('shopView_colBlocked')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.recipientSite} data-row={r.recipientSite}>
            <th scope="row">
              <a href={link(r.recipientSite)}>{r.recipientSite}</a>
              <span class="meta">
                {r.organization} · {uiTrackerKind(r.kind)}
              </span>
            </th>
            <td>
              <ul class="observed">
                {r.categories.map((c) => (
                  <li key={c.category} data-category={c.category}>
                    <strong>{uiCategoryName(c.category)}</strong>{' '}
                    <span class="meta-inline">
                      {uiFormat().utcDay(c.firstDay)} – {uiFormat().utcDay(c.lastDay)} · {uiFormat().count(c.flows)}×
                    </span>
                  </li>
                ))}
              </ul>
            </td>
            <td class="num">{uiFormat().count(r.requests)}</td>
            <td class="num">{uiFormat().count(r.blocked)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** dashboard.html?site=DOMAIN: one shop's recipients, evidence, placements, choices and the letter. */
export function DashboardShop({ ledger, site }: { ledger: LedgerDb; site: string }) {
  const recipients = useLiveQuery(() => loadShopRecipients(ledger, site), [site]);
  const placements = useLiveQuery(() => ledger.placements.where('site').equals(site).limit(500).toArray(), [site]);
  const policy = useLiveQuery(() => loadPolicy(ledger), []);
  const stats = useLiveQuery(() => categoryStats(ledger, site), [site]);
  const [error, setError] = useState('');
  return (
    <>
      <h2 class="view-title">{uiMessage('shopView_title', site)}</h2>
      <section aria-labelledby="shop-recipients-h" class="panel">
        <h3 id="shop-recipients-h">{uiMessage('shopView_recipients')}</h3>
        {recipients.value?.length ? (
          <ObservedTable
            rows={recipients.value}
            heading={uiMessage('shopView_colRecipient')}
            link={(r) => dashboardHref({ recipient: r })}
            testId="shop-recipients"
          />
        ) : recipients.value ? (
          <p class="empty">{uiMessage('shopView_none')}</p>
        ) : null}
      </section>
      <section aria-labelledby="shop-letter-h" class="panel">
        <h3 id="shop-letter-h">{uiMessage('shopView_letter')}</h3>
        {recipients.value ? <DashboardLetter shop={site} recipients={recipients.value} /> : null}
      </section>
      <section aria-labelledby="shop-choices-h" class="panel">
        <h3 id="shop-choices-h">{uiMessage('popup_choicesFor', site)}</h3>
        {error ? (
          <p role="alert" class="error">
            {error}
          </p>
        ) : null}
        {policy.value ? (
          <ConsentPanel site={site} policy={policy.value} stats={stats.value} onError={setError} />
        ) : null}
      </section>
      <section aria-labelledby="shop-placements-h" class="panel">
        <h3 id="shop-placements-h">{uiMessage('shopView_placements')}</h3>
        {placements.value ? <PlacementList placements={placements.value} /> : null}
      </section>
      <section aria-labelledby="shop-banners-h" class="panel">
        <h3 id="shop-banners-h">{uiMessage('shopView_banners')}</h3>
        <p class="empty">{uiMessage('shopView_noBanners')}</p>
      </section>
      <section aria-labelledby="shop-flows-h" class="panel">
        <h3 id="shop-flows-h">{uiMessage('shopView_flows')}</h3>
        <DashboardFlows ledger={ledger} filter={{ sort: 'newest', shop: site }} fixed={['shop']} />
        <p>
          <a href={dashboardHref({ flows: { shop: site } })}>{uiMessage('shopView_allFlows')}</a>
        </p>
      </section>
    </>
  );
}

/** dashboard.html?recipient=SITE: every shop that sent data to one recipient, and what. */
export function DashboardRecipient({ ledger, recipient }: { ledger: LedgerDb; recipient: string }) {
  const shops = useLiveQuery(() => loadRecipientShops(ledger, recipient), [recipient]);
  return (
    <>
      <h2 class="view-title">{uiMessage('shopView_recipientTitle', recipient)}</h2>
      <section aria-labelledby="recipient-shops-h" class="panel">
        <h3 id="recipient-shops-h">{uiMessage('shopView_recipientShops')}</h3>
        {shops.value?.length ? (
          <ObservedTable
            rows={shops.value}
            heading={uiMessage('dashboard_colShop')}
            link={(s) => dashboardHref({ site: s })}
            testId="recipient-shops"
          />
        ) : shops.value ? (
          <p class="empty">{uiMessage('shopView_recipientNone', recipient)}</p>
        ) : null}
        <p>
          <a href={dashboardHref({ flows: { recipient } })}>{uiMessage('shopView_allFlows')}</a>
        </p>
      </section>
    </>
  );
}
