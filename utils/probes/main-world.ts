/**
 * Runs the probes in a page's MAIN world and hands their report to our ISOLATED content script:
 * a CustomEvent on window whose detail is JSON text (a string crosses worlds in every browser, and
 * unlike postMessage it wakes no page `message` handler). Page scripts can dispatch the same event;
 * the receiving side treats reports as untrusted observations.
 */
import { PROBE_EVENT } from './apis';
import { installProbes, type InstallOptions, type ProbeRecorder } from './recorder';

/** First report this long after `load`: most fingerprinting and recorders have started by then. */
export const FIRST_REPORT_MS = 1000;
/** Later reports at most this often, and only when something new was seen. */
export const REPORT_EVERY_MS = 2000;

export function startProbes(win: typeof globalThis, options: Pick<InstallOptions, 'stack'> = {}): ProbeRecorder {
  // Taken before page scripts run, so a page that replaces them later does not silence us.
  const CustomEventCtor = win.CustomEvent;
  const dispatch = win.dispatchEvent.bind(win);
  const setTimer = win.setTimeout.bind(win);
  const stringify = JSON.stringify;

  let ready = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const recorder = installProbes(win, {
    ...options,
    onChange() {
      if (ready) schedule(REPORT_EVERY_MS);
    },
  });

  function report(force = false): void {
    timer = undefined;
    try {
      const snapshot = recorder.snapshot();
      if (!force && !recorder.dirty) return;
      if (snapshot.scripts.length === 0 && snapshot.globals.length === 0) return;
      recorder.markReported();
      dispatch(new CustomEventCtor(PROBE_EVENT, { detail: stringify(snapshot) }));
    } catch {
      // Never throw into the page.
    }
  }

  function schedule(delay: number): void {
    timer ??= setTimer(() => report(), delay);
  }

  const onLoad = () =>
    setTimer(() => {
      ready = true;
      report(true);
    }, FIRST_REPORT_MS);
  if (win.document.readyState === 'complete') onLoad();
  else win.addEventListener('load', onLoad, { once: true });
  // The tab may close before the timer: report what is new on the way out.
  win.addEventListener('pagehide', () => report());
  win.document.addEventListener('visibilitychange', () => {
    if (win.document.visibilityState === 'hidden') report();
  });
  return recorder;
}
