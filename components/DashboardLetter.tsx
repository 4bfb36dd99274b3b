import { useMemo, useState } from 'preact/hooks';
import { composeLetter, LETTER_LAWS, type LetterLaw, type LetterWords } from '../utils/dashboard/letter';
import type { ObservedRecipient } from '../utils/dashboard/overview';
import { uiCategoryCovers, uiCategoryName, uiMessage, uiTrackerKind } from './i18n';

/** The letter is written in the browser's language, as the rest of the dashboard. */
const WORDS: LetterWords = {
  text: (key, ...substitutions) => uiMessage(key, ...substitutions),
  categoryName: uiCategoryName,
  categoryCovers: uiCategoryCovers,
  kind: uiTrackerKind,
};

/** "Request my data": a ready letter for one shop, in plain text; nothing is sent anywhere. */
export function DashboardLetter({ shop, recipients }: { shop: string; recipients: ObservedRecipient[] }) {
  const [open, setOpen] = useState(false);
  const [law, setLaw] = useState<LetterLaw>('gdpr');
  const [status, setStatus] = useState('');
  const letter = useMemo(
    () => composeLetter({ shop, law, recipients, now: Date.now() }, WORDS),
    [shop, law, recipients],
  );
  if (!open)
    return (
      <button type="button" class="primary" onClick={() => setOpen(true)}>
        {uiMessage('letter_button')}
      </button>
    );
  const download = () => {
    const url = URL.createObjectURL(new Blob([letter.body], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `data-request-${shop}-${law}.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <section class="letter panel" aria-labelledby="letter-h">
      <h3 id="letter-h">{uiMessage('letter_heading', shop)}</h3>
      <fieldset>
        <legend>{uiMessage('letter_law')}</legend>
        {LETTER_LAWS.map((l) => (
          <label key={l} class="option">
            <input type="radio" name="letter-law" value={l} checked={law === l} onChange={() => setLaw(l)} />{' '}
            {uiMessage(l === 'gdpr' ? 'letter_law_gdpr' : 'letter_law_ccpa')}
          </label>
        ))}
      </fieldset>
      <p class="hint">{uiMessage('letter_hint')}</p>
      <label class="letter-text">
        {uiMessage('letter_text')}
        <textarea readOnly rows={24} value={letter.body} data-testid="letter" />
      </label>
      <div role="group" aria-label={uiMessage('letter_text')}>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(letter.body).then(
              () => setStatus(uiMessage('letter_copied')),
              () => setStatus(uiMessage('letter_copyFailed')),
            )
          }
        >
          {uiMessage('letter_copy')}
        </button>{' '}
        <button type="button" onClick={download}>
          {uiMessage('letter_download')}
        </button>{' '}
        <button type="button" onClick={() => setOpen(false)}>
          {uiMessage('letter_close')}
        </button>
      </div>
      <p role="status" class="status">
        {status}
      </p>
    </section>
  );
}
