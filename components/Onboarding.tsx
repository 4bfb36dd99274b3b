import { useMemo, useState } from 'preact/hooks';
import { openLedger } from '../utils/ledger/db';
import { loadPolicy } from '../utils/consent-store';
import { matchingPreset } from '../utils/consent/changes';
import { RECOMMENDED_PRESET } from '../utils/consent/first-run';
import { PRESET_IDS, type PresetId } from '../utils/consent/presets';
import { useLiveQuery } from './useLiveQuery';
import { uiMessage } from './i18n';
import { presetDescription, presetName } from './preset-text';
import { sendControl } from './control';

/**
 * The page opened on install: what ShareLedger does in a few lines, and the default for shops not
 * visited yet. The recommended preset already applies; choosing stores the shopper's own default.
 */
export function Onboarding() {
  const ledger = useMemo(() => openLedger(), []);
  const policy = useLiveQuery(() => loadPolicy(ledger), []);
  const [chosen, setChosen] = useState<PresetId | undefined>();
  const [error, setError] = useState('');
  const active = policy.value ? matchingPreset(policy.value, null) : undefined;

  const choose = async (preset: PresetId) => {
    setError('');
    const reply = await sendControl({ type: 'consent', change: { op: 'apply-preset', site: null, preset } });
    if (reply.ok) setChosen(preset);
    else setError(uiMessage('onboarding_error', reply.error));
  };

  return (
    <main class="onboarding">
      <h1>{uiMessage('onboarding_title')}</h1>
      <p>{uiMessage('onboarding_what')}</p>
      <p>{uiMessage('onboarding_control')}</p>
      <p>{uiMessage('onboarding_local')}</p>

      <section aria-labelledby="default-h">
        <h2 id="default-h">{uiMessage('onboarding_chooseHeading')}</h2>
        <div class="choices" role="group" aria-labelledby="default-h">
          {PRESET_IDS.map((id) => (
            <button
              key={id}
              type="button"
              class="choice"
              data-preset={id}
              aria-pressed={active === id}
              onClick={() => void choose(id)}
            >
              <span class="choice-name">
                {presetName(id)}
                {id === RECOMMENDED_PRESET ? (
                  <span class="recommended"> · {uiMessage('onboarding_recommended')}</span>
                ) : null}
              </span>
              <span class="choice-description">{presetDescription(id)}</span>
            </button>
          ))}
        </div>
        <p class="hint" role="status" data-testid="onboarding-status" data-chosen={chosen}>
          {chosen
            ? uiMessage('onboarding_saved', presetName(chosen))
            : uiMessage('onboarding_untilChosen', presetName(RECOMMENDED_PRESET))}
        </p>
        {error ? (
          <p role="alert" class="error">
            {error}
          </p>
        ) : null}
      </section>
    </main>
  );
}
