/** What the worker keeps per browser session in storage.session (cleared when the browser quits). */
import type { StorageAreaLike } from '../ledger/journal';

/**
 * A random id of this browser session, the same for every worker started in it: Chrome restarts
 * request ids at every browser start, so flow keys are `nonce:requestId`.
 */
export async function sessionNonce(
  session: StorageAreaLike,
  newId: () => string = () => crypto.randomUUID(),
): Promise<string> {
  const stored = (await session.get('sessionNonce')).sessionNonce;
  if (typeof stored === 'string') return stored;
  const nonce = newId();
  await session.set({ sessionNonce: nonce });
  return nonce;
}
