import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/** Re-renders with the query's result whenever the ledger tables it read change. */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): { value?: T; error?: unknown } {
  const [state, setState] = useState<{ value?: T; error?: unknown }>({});
  useEffect(() => {
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
