/**
 * User Timing marks of the worker's start-up, in milliseconds since the worker started (its
 * performance clock). They cost one mark each per worker start and let the wake bench
 * (bench/wake.bench.ts) read, from the worker itself, how long a woken worker takes to do its job.
 */
export const WORKER_MARKS = {
  /** The worker's script evaluated: its bundle is parsed and the wiring begins. */
  scriptRun: 'shareledger:script-run',
  trackerDataLoaded: 'shareledger:tracker-data-loaded',
  enforcerReady: 'shareledger:enforcer-ready',
  /** The first request classified with the tracker data loaded: the end of the wake. */
  firstClassified: 'shareledger:first-classified',
} as const;

export type WorkerMark = (typeof WORKER_MARKS)[keyof typeof WORKER_MARKS];

export function markOnce(name: WorkerMark, clock: Pick<Performance, 'mark' | 'getEntriesByName'> = performance): void {
  if (clock.getEntriesByName(name, 'mark').length === 0) clock.mark(name);
}

/** The same function, marking `name` after its first call returns. */
export function markFirstCall<A extends unknown[], R>(
  fn: (...args: A) => R,
  name: WorkerMark,
  clock: Pick<Performance, 'mark' | 'getEntriesByName'> = performance,
): (...args: A) => R {
  let marked = false;
  return (...args: A) => {
    const result = fn(...args);
    if (!marked) {
      marked = true;
      markOnce(name, clock);
    }
    return result;
  };
}
