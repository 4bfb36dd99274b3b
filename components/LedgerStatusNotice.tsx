import { useEffect, useState } from 'preact/hooks';
import type { LedgerStatus } from '../utils/ledger/writer';
import { sendControl } from './control';

/** Says so plainly when the ledger cannot be written (disk full) instead of failing silently. */
export function LedgerStatusNotice() {
  const [status, setStatus] = useState<LedgerStatus | undefined>();
  useEffect(() => {
    const poll = () =>
      void sendControl({ type: 'ledger-status' }).then((reply) => setStatus(reply.ok ? reply.status : undefined));
    poll();
    const timer = setInterval(poll, 5000);
    return () => clearInterval(timer);
  }, []);
  if (!status || status.state === 'ok') return null;
  return (
    <p role="alert" class="error">
      {status.state === 'quota-exceeded'
        ? `Your disk is full: ${status.pending} observations are waiting to be saved${status.dropped ? ` and ${status.dropped} could not be kept` : ''}. Free some space, or lower how long the ledger keeps data in the dashboard.`
        : `The ledger could not be written: ${status.lastError ?? 'unknown error'}.`}
    </p>
  );
}
