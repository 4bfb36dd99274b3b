import { useState } from 'preact/hooks';
import { CATEGORY_INFO } from '../utils/categories';
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

const T = {
  shopTitle: (site: string) => `What ${site} shared`,
  recipients: 'Recipients and what each received',
  none: 'Nothing shared with third parties from this shop yet.',
  recipient: 'Recipient',
  shop: 'Shop',
  data: 'Data, first and last seen',
  requests: 'Requests',
  blocked: 'Blocked',
  placements: 'Personalized placements seen',
  banners: 'Cookie-banner answers',
  noBanners: 'No cookie-banner answer recorded for this shop.',
  choices: (site: string) => `Your choices for ${site}`,
  evidence: 'Every flow, with its evidence (redacted)',
  letter: 'Ask for your data',
  recipientTitle: (site: string) => `Who sent data to ${site}`,
  recipientNone: (site: string) => `No shop sent data to ${site} yet.`,
  allFlows: 'See these flows in the flow table',
};

const DAY_MS = 86_400_000;
const day = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);

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
          <th scope="col">{T.data}</th>
          <th scope="col" class="num">
            {T.requests}
          </th>
          <th scope="col" class="num">
            {T.blocked}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.recipientSite} data-row={r.recipientSite}>
            <th scope="row">
              <a href={link(r.recipientSite)}>{r.recipientSite}</a>
              <span class="meta">
                {r.organization} · {r.kind}
              </span>
            </th>
            <td>
              <ul class="observed">
                {r.categories.map((c) => (
                  <li key={c.category} data-category={c.category}>
                    <strong>{CATEGORY_INFO[c.category].name}</strong>{' '}
                    <span class="meta-inline">
                      {day(c.firstDay)} – {day(c.lastDay)} · {c.flows.toLocaleString()}×
                    </span>
                  </li>
                ))}
              </ul>
            </td>
            <td class="num">{r.requests.toLocaleString()}</td>
            <td class="num">{r.blocked.toLocaleString()}</td>
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
      <h2 class="view-title">{T.shopTitle(site)}</h2>
      <section aria-labelledby="shop-recipients-h" class="panel">
        <h3 id="shop-recipients-h">{T.recipients}</h3>
        {recipients.value?.length ? (
          <ObservedTable
            rows={recipients.value}
            heading={T.recipient}
            link={(r) => dashboardHref({ recipient: r })}
            testId="shop-recipients"
          />
        ) : recipients.value ? (
          <p class="empty">{T.none}</p>
        ) : null}
      </section>
      <section aria-labelledby="shop-letter-h" class="panel">
        <h3 id="shop-letter-h">{T.letter}</h3>
        {recipients.value ? <DashboardLetter shop={site} recipients={recipients.value} /> : null}
      </section>
      <section aria-labelledby="shop-choices-h" class="panel">
        <h3 id="shop-choices-h">{T.choices(site)}</h3>
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
        <h3 id="shop-placements-h">{T.placements}</h3>
        {placements.value ? <PlacementList placements={placements.value} /> : null}
      </section>
      <section aria-labelledby="shop-banners-h" class="panel">
        <h3 id="shop-banners-h">{T.banners}</h3>
        <p class="empty">{T.noBanners}</p>
      </section>
      <section aria-labelledby="shop-flows-h" class="panel">
        <h3 id="shop-flows-h">{T.evidence}</h3>
        <DashboardFlows ledger={ledger} filter={{ sort: 'newest', shop: site }} fixed={['shop']} />
        <p>
          <a href={dashboardHref({ flows: { shop: site } })}>{T.allFlows}</a>
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
      <h2 class="view-title">{T.recipientTitle(recipient)}</h2>
      <section aria-labelledby="recipient-shops-h" class="panel">
        <h3 id="recipient-shops-h">{T.recipients}</h3>
        {shops.value?.length ? (
          <ObservedTable
            rows={shops.value}
            heading={T.shop}
            link={(s) => dashboardHref({ site: s })}
            testId="recipient-shops"
          />
        ) : shops.value ? (
          <p class="empty">{T.recipientNone(recipient)}</p>
        ) : null}
        <p>
          <a href={dashboardHref({ flows: { recipient } })}>{T.allFlows}</a>
        </p>
      </section>
    </>
  );
}
