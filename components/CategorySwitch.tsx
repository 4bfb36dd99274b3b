import { useState } from 'preact/hooks';
import type { Category } from '../utils/categories';
import type { ConsentState } from '../utils/consent/model';
import type { CategoryStat } from '../utils/category-stats';
import { uiCategoryCovers, uiCategoryName, uiFormat, uiMessage, uiRevocationText } from './i18n';

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
  const covers = uiCategoryCovers(category);
  const explain = uiRevocationText(category);
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
          <span class="name">{uiCategoryName(category)}</span>
          <span class="state">{uiMessage(state === 'granted' ? 'switch_granted' : 'switch_revoked')}</span>
        </label>
        <button
          type="button"
          class="more"
          aria-expanded={open}
          aria-controls={`${id}-details`}
          onClick={() => setOpen(!open)}
        >
          {uiMessage(open ? 'switch_less' : 'switch_more')}
        </button>
      </div>
      <p class="shared" id={`${id}-shared`}>
        {stat
          ? stat.requests > 0
            ? uiMessage('switch_shared', uiFormat().count(stat.requests), uiFormat().list(stat.recipients))
            : uiMessage('switch_notShared')
          : covers}
      </p>
      {open ? (
        <div class="details" id={`${id}-details`}>
          <p class="covers">{covers}</p>
          <p class="label">{uiMessage('switch_revoking')}</p>
          <ul>
            {explain.does.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p class="label">{uiMessage('switch_cannotStop')}</p>
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
