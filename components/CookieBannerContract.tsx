import { CATEGORY_INFO } from '../utils/categories';
import {
  isPurposeAccepted,
  PURPOSE_CLASSES,
  REQUIRED_CATEGORIES,
  type PurposeClass,
} from '../utils/consent/cmp/purposes';
import { BANNER_MODES, type BannerMode, type ConsentPolicy } from '../utils/consent/model';
import { bannerAnswerConsent, bannerMode, enforcementPaused } from '../utils/consent/policy';
import { sendControl } from './control';
import { uiMessage, type MessageKey } from './i18n';

interface Props {
  /** Retailer site whose setting and answers are shown, or null for the global setting. */
  site: string | null;
  policy: ConsentPolicy;
  onError?: (message: string) => void;
}

const CLASS_NAMES: Record<PurposeClass, MessageKey> = {
  necessary: 'banners_classNecessary',
  analytics: 'banners_classAnalytics',
  marketing: 'banners_classMarketing',
  personalization: 'banners_classPersonalization',
  unknown: 'banners_classUnknown',
};
const MODE_NAMES: Record<BannerMode, MessageKey> = {
  answer: 'banners_modeAnswer',
  leave: 'banners_modeLeave',
  refuse: 'banners_modeRefuse',
};
const MODE_HINTS: Record<BannerMode, MessageKey> = {
  answer: 'banners_hintAnswer',
  leave: 'banners_hintLeave',
  refuse: 'banners_hintRefuse',
};

/**
 * The cookie-banner setting (answer from my choices / leave them to me / refuse), for one shop or
 * for every shop without its own, and the contract banners are answered by, with what this shop's
 * banner is told under it.
 */
export function CookieBannerContract({ site, policy, onError }: Props) {
  const mode = bannerMode(policy, site);
  const ownMode = site === null ? policy.banners.default : policy.banners.perSite[site];
  // For the global setting: what a shop without choices of its own is answered.
  const consent = bannerAnswerConsent(site === null ? { ...policy, perSite: {} } : policy, site ?? '');
  const name = `banner-mode-${site ?? 'default'}`;
  const choose = (next: BannerMode | null) => {
    void sendControl({ type: 'consent', change: { op: 'set-banners', site, mode: next } }).then((reply) => {
      if (!reply.ok) onError?.(reply.error);
    });
  };
  const options: { value: BannerMode | null; label: string }[] = BANNER_MODES.map((m) => ({
    value: m,
    label: uiMessage(MODE_NAMES[m]),
  }));
  if (site !== null)
    options.unshift({
      value: null,
      label: uiMessage('banners_modeDefault', uiMessage(MODE_NAMES[policy.banners.default])),
    });

  return (
    <div class="banners" data-testid={site === null ? 'banners-default' : 'banners-site'}>
      <fieldset class="banner-mode">
        <legend>{uiMessage(site === null ? 'banners_settingDefault' : 'banners_settingHere')}</legend>
        {options.map((option) => (
          <label key={String(option.value)} class="option">
            <input
              type="radio"
              name={name}
              value={option.value ?? 'default'}
              checked={site === null ? option.value === mode : (ownMode ?? null) === option.value}
              onChange={() => choose(option.value)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <p class="hint" role="status">
        {uiMessage(
          (site === null ? policy.paused : enforcementPaused(policy, site)) ? 'banners_hintPaused' : MODE_HINTS[mode],
        )}
      </p>
      <details class="defaults">
        <summary>{uiMessage('banners_contract')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{uiMessage('banners_colPurpose')}</th>
              <th scope="col">{uiMessage('banners_colRequires')}</th>
              <th scope="col">{uiMessage(site === null ? 'banners_colNewShops' : 'banners_colHere')}</th>
            </tr>
          </thead>
          <tbody>
            {PURPOSE_CLASSES.map((cls) => {
              const required = REQUIRED_CATEGORIES[cls];
              return (
                <tr key={cls}>
                  <th scope="row">{uiMessage(CLASS_NAMES[cls])}</th>
                  <td>
                    {required === 'all'
                      ? uiMessage('banners_everyCategory')
                      : required.length === 0
                        ? uiMessage('banners_always')
                        : required.map((c) => CATEGORY_INFO[c].name).join(', ')}
                  </td>
                  <td>
                    {consent === null
                      ? uiMessage('banners_leftToYou')
                      : uiMessage(isPurposeAccepted(cls, consent) ? 'banners_accepted' : 'banners_refused')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </details>
    </div>
  );
}
