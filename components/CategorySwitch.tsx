import { useState } from 'preact/hooks';
import { CATEGORY_INFO, type Category } from '../utils/categories';
import type { ConsentState } from '../utils/consent/model';
import { explainRevocation } from '../utils/consent/enforcement';
import type { CategoryStat } from '../utils/category-stats';

interface Props {
  scope: string;
  category: Category;
  state: ConsentState;
  stat?: CategoryStat;
  disabled?: boolean;
  onChange(state: ConsentState): void;
}

/** One category's grant/revoke switch (checked = granted), with what was shared and what revoking does. */
export function CategorySwitch({ scope, category, state, stat, disabled, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const id = `${scope}-${category}`;
  const info = CATEGORY_INFO[category];
  const explain = explainRevocation(category);
  return (
    <li class={`category ${state}`} data-category-row={category}>
      <div class="category-line">
        <label class="switch" for={id}>
          <input
            id={id}
            type="checkbox"
            role="switch"
            checked={state === 'granted'}
            disabled={disabled}
            aria-describedby={`${id}-shared`}
            onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked ? 'granted' : 'revoked')}
          />
          <span class="name">{info.name}</span>
          <span class="state">{state === 'granted' ? 'Granted' : 'Revoked'}</span>
        </label>
        <button
          type="button"
          class="more"
          aria-expanded={open}
          aria-controls={`${id}-details`}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Less' : 'What does revoking do?'}
        </button>
      </div>
      <p class="shared" id={`${id}-shared`}>
        {stat
          ? stat.requests > 0
            ? `Shared ${stat.requests}× with ${stat.recipients.join(', ')}`
            : 'Not shared so far'
          : info.covers}
      </p>
      {open ? (
        <div class="details" id={`${id}-details`}>
          <p class="covers">{info.covers}</p>
          <p class="label">Revoking:</p>
          <ul>
            {explain.does.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p class="label">What ShareLedger cannot stop:</p>
          <ul>
            {explain.cannotStop.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </li>
  );
}
