import { useMemo, useState } from 'preact/hooks';
import { composeLetter, LETTER_LAW_NAMES, LETTER_LAWS, type LetterLaw } from '../utils/dashboard/letter';
import type { ObservedRecipient } from '../utils/dashboard/overview';

const T = {
  button: 'Request my data',
  heading: (shop: string) => `A letter asking ${shop} for your data`,
  law: 'Which law',
  hint: 'Nothing is sent: copy the letter into an email to the shop, or download it, and fill in your name.',
  text: 'The letter',
  copy: 'Copy',
  copied: 'Copied to the clipboard.',
  copyFailed: 'Could not copy: select the text and copy it by hand.',
  download: 'Download (.txt)',
  close: 'Close',
};

/** "Request my data": a ready letter for one shop, in plain text; nothing is sent anywhere. */
export function DashboardLetter({ shop, recipients }: { shop: string; recipients: ObservedRecipient[] }) {
  const [open, setOpen] = useState(false);
  const [law, setLaw] = useState<LetterLaw>('gdpr');
  const [status, setStatus] = useState('');
  const letter = useMemo(() => composeLetter({ shop, law, recipients, now: Date.now() }), [shop, law, recipients]);
  if (!open)
    return (
      <button type="button" class="primary" onClick={() => setOpen(true)}>
        {T.button}
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
      <h3 id="letter-h">{T.heading(shop)}</h3>
      <fieldset>
        <legend>{T.law}</legend>
        {LETTER_LAWS.map((l) => (
          <label key={l} class="option">
            <input type="radio" name="letter-law" value={l} checked={law === l} onChange={() => setLaw(l)} />{' '}
            {LETTER_LAW_NAMES[l]}
          </label>
        ))}
      </fieldset>
      <p class="hint">{T.hint}</p>
      <label class="letter-text">
        {T.text}
        <textarea readOnly rows={24} value={letter.body} data-testid="letter" />
      </label>
      <div role="group" aria-label={T.text}>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(letter.body).then(
              () => setStatus(T.copied),
              () => setStatus(T.copyFailed),
            )
          }
        >
          {T.copy}
        </button>{' '}
        <button type="button" onClick={download}>
          {T.download}
        </button>{' '}
        <button type="button" onClick={() => setOpen(false)}>
          {T.close}
        </button>
      </div>
      <p role="status" class="status">
        {status}
      </p>
    </section>
  );
}
