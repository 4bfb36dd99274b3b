import { useEffect, useState } from 'preact/hooks';

/**
 * A module loaded when a view first needs it (a dynamic import), so a page's first paint parses only
 * what its first view draws. `load` is null while nothing is needed; it must be a stable function.
 */
export function useLazyModule<T>(load: (() => Promise<T>) | null): { module?: T; error?: unknown } {
  const [state, setState] = useState<{ module?: T; error?: unknown }>({});
  useEffect(() => {
    if (!load) return;
    let live = true;
    load().then(
      (module) => live && setState({ module }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}
