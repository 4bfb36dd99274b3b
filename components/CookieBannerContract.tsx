import { CATEGORY_INFO } from '../utils/categories';
import {
  isPurposeAccepted,
  PURPOSE_CLASS_NAMES,
  PURPOSE_CLASSES,
  REQUIRED_CATEGORIES,
} from '../utils/consent/cmp/purposes';
import type { ConsentPolicy } from '../utils/consent/model';
import { effectiveConsent } from '../utils/consent/policy';

interface Props {
  /** Retailer site whose answers are shown, or null for the defaults. */
  site: string | null;
  policy: ConsentPolicy;
}

/** The contract cookie banners are answered by, and what this shop's banner is told under it. */
export function CookieBannerContract({ site, policy }: Props) {
  const consent = site === null ? policy.defaults : effectiveConsent(policy, site);
  return (
    <details class="defaults banners">
      <summary>Cookie banners: answered from your choices</summary>
      <p class="hint">
        {policy.paused
          ? 'Paused: banners are left to you.'
          : 'ShareLedger answers a shop’s cookie banner for you, purpose by purpose, from the categories above.'}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Banner purpose</th>
            <th scope="col">Accepted only if granted</th>
            <th scope="col">{site === null ? 'New shops' : 'Here'}</th>
          </tr>
        </thead>
        <tbody>
          {PURPOSE_CLASSES.map((cls) => {
            const required = REQUIRED_CATEGORIES[cls];
            return (
              <tr key={cls}>
                <th scope="row">{PURPOSE_CLASS_NAMES[cls]}</th>
                <td>
                  {required === 'all'
                    ? 'every category'
                    : required.length === 0
                      ? 'always accepted'
                      : required.map((c) => CATEGORY_INFO[c].name).join(', ')}
                </td>
                <td>{isPurposeAccepted(cls, consent) ? 'accepted' : 'refused'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
