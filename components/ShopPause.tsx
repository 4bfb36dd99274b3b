import { PAUSE_CHOICES, pauseEnd, type PauseChoice } from '../utils/consent/pause';
import type { ConsentPolicy } from '../utils/consent/model';
import { pauseOf } from '../utils/consent/policy';
import { sendControl } from './control';
import { uiLocale, uiMessage, type MessageKey } from './i18n';

const CHOICE_LABELS: Record<PauseChoice, MessageKey> = {
  hour: 'popup_pauseHour',
  tomorrow: 'popup_pauseTomorrow',
  always: 'popup_pauseAlways',
};

/**
 * "Pause on this shop" when a shop breaks: 1 hour, until tomorrow or always; while paused, when the
 * pause ends and a one-click resume.
 */
export function ShopPause({
  site,
  policy,
  onError,
}: {
  site: string;
  policy: ConsentPolicy;
  onError(m: string): void;
}) {
  const pause = pauseOf(policy, site);
  const report = (reply: { ok: boolean; error?: string }) => {
    if (!reply.ok) onError(reply.error ?? 'the change was refused');
  };
  const pauseFor = (choice: PauseChoice) =>
    void sendControl({
      type: 'consent',
      change: { op: 'pause-site', site, until: pauseEnd(choice, new Date()) },
    }).then(report);
  const resume = () => void sendControl({ type: 'consent', change: { op: 'resume-site', site } }).then(report);

  if (pause) {
    const until =
      pause.until === null
        ? uiMessage('popup_pausedAlways')
        : uiMessage(
            'popup_pausedUntil',
            new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(pause.until),
          );
    return (
      <div class="shop-pause paused" data-testid="shop-pause" data-until={pause.until ?? 'resume'}>
        <p class="notice" role="status">
          {until}
        </p>
        <button type="button" onClick={resume}>
          {uiMessage('popup_resume')}
        </button>
      </div>
    );
  }
  return (
    <div class="shop-pause" role="group" aria-labelledby="shop-pause-label" data-testid="shop-pause">
      <span id="shop-pause-label">{uiMessage('popup_pauseShop')}</span>{' '}
      {PAUSE_CHOICES.map((choice) => (
        <button key={choice} type="button" data-pause={choice} onClick={() => pauseFor(choice)}>
          {uiMessage(CHOICE_LABELS[choice])}
        </button>
      ))}
    </div>
  );
}
