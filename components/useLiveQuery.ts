import { liveQuery } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * Re-renders with the query's result whenever the ledger tables it read change. The query starts as
 * soon as the component is in the DOM (a layout effect), not after the browser's next frame: the
 * page's first data arrives a frame sooner.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): { value?: T; error?: unknown } {
  const [state, setState] = useState<{ value?: T; error?: unknown }>({});
  useLayoutEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ value }),
      error: (error) => setState({ error }),
    });
    return () => subscription.unsubscribe();
    // The caller names what the query depends on, as with Dexie's own useLiveQuery.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
