/**
 * User Timing marks of the worker's start-up, in milliseconds since the worker started (its
 * performance clock). They cost one mark each per worker start and let the wake bench
 * (bench/wake.bench.ts) read, from the worker itself, how long a woken worker takes to do its job.
 */
export const WORKER_MARKS = {
  /** The worker's script evaluated: its bundle is parsed and the wiring begins. */
  scriptRun: 'shareledger:script-run',
  /** Host data loaded (registry, decoders, the tracker database's host table): classification starts. */
  hostDataLoaded: 'shareledger:host-data-loaded',
  /** All tracker data loaded, the lists included. */
  trackerDataLoaded: 'shareledger:tracker-data-loaded',
  /** The rules the browser enforces are simulated (read from the browser, not compiled). */
  enforcerReady: 'shareledger:enforcer-ready',
  /** The stored policy compiled from the ledger and installed. */
  policyEnforced: 'shareledger:policy-enforced',
  /** The first request classified with the tracker data it needs (the lists when they could name it): the end of the wake. */
  firstClassified: 'shareledger:first-classified',
} as const;

export type WorkerMark = (typeof WORKER_MARKS)[keyof typeof WORKER_MARKS];

export function markOnce(name: WorkerMark, clock: Pick<Performance, 'mark' | 'getEntriesByName'> = performance): void {
  if (clock.getEntriesByName(name, 'mark').length === 0) clock.mark(name);
}

/** The same async function, marking `name` when a call first settles (the first to finish, not the first made). */
export function markFirstSettled<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  name: WorkerMark,
  clock: Pick<Performance, 'mark' | 'getEntriesByName'> = performance,
): (...args: A) => Promise<R> {
  let marked = false;
  return async (...args: A) => {
    try {
      return await fn(...args);
    } finally {
      if (!marked) {
        marked = true;
        markOnce(name, clock);
      }
    }
  };
}
