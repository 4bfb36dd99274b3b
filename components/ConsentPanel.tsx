import { CATEGORIES, type Category } from '../utils/categories';
import { matchingPreset } from '../utils/consent/changes';
import type { ConsentPolicy, ConsentState } from '../utils/consent/model';
import { effectiveConsent } from '../utils/consent/policy';
import { PRESET_IDS } from '../utils/consent/presets';
import type { CategoryStat } from '../utils/category-stats';
import { CategorySwitch } from './CategorySwitch';
import { sendControl } from './control';
import { presetDescription, presetName } from './preset-text';
import { uiMessage } from './i18n';

interface Props {
  /** Retailer site, or null for the defaults that apply to shops not seen yet. */
  site: string | null;
  policy: ConsentPolicy;
  stats?: Record<Category, CategoryStat>;
  onError(message: string): void;
}

/** The grant/revoke switches and presets for one retailer (or the global defaults). */
export function ConsentPanel({ site, policy, stats, onError }: Props) {
  const consent = site === null ? policy.defaults : effectiveConsent(policy, site);
  const active = matchingPreset(policy, site);
  const scope = site === null ? 'default' : 'site';
  const report = (reply: { ok: boolean; error?: string }) => {
    if (!reply.ok) onError(reply.error ?? uiMessage('consent_refused'));
  };
  const setState = (category: Category, state: ConsentState) =>
    void sendControl({ type: 'consent', change: { op: 'set-category', site, category, state } }).then(report);
  return (
    <div class="consent" data-scope={scope}>
      <div
        class="presets"
        role="group"
        aria-label={site === null ? uiMessage('presets_forNewShops') : uiMessage('presets_forSite', site)}
      >
        {PRESET_IDS.map((id) => (
          <button
            key={id}
            type="button"
            aria-pressed={active === id}
            title={presetDescription(id)}
            onClick={() =>
              void sendControl({ type: 'consent', change: { op: 'apply-preset', site, preset: id } }).then(report)
            }
          >
            {presetName(id)}
          </button>
        ))}
      </div>
      <ul class="categories">
        {CATEGORIES.map((category) => (
          <CategorySwitch
            key={category}
            scope={scope}
            category={category}
            state={consent[category]}
            stat={stats?.[category]}
            onChange={(state) => setState(category, state)}
          />
        ))}
      </ul>
    </div>
  );
}
