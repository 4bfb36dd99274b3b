import { uiMessage } from './i18n';

/** A long operation's progress with a way to stop it: export, counting, the timeline. */
export function Progress({
  label,
  value,
  max,
  onCancel,
}: {
  label: string;
  value: number;
  /** Without it the bar is indeterminate (how much is left is unknown), and the label says how far it got. */
  max?: number;
  onCancel?(): void;
}) {
  return (
    <div class="progress" role="status">
      <span>{label}</span> <progress value={max === undefined ? undefined : value} max={max} aria-label={label} />{' '}
      {onCancel ? (
        <button type="button" onClick={onCancel}>
          {uiMessage('dashboard_cancel')}
        </button>
      ) : null}
    </div>
  );
}

/** True for the error an aborted task ends with (the user pressed Cancel): not a failure to report. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
