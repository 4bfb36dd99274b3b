import { useEffect, useState } from 'preact/hooks';
import type { LedgerStatus } from '../utils/ledger/writer';
import { sendControl } from './control';
import { uiFormat, uiMessage } from './i18n';

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
        ? status.dropped
          ? uiMessage('status_diskFullDropped', uiFormat().count(status.pending), uiFormat().count(status.dropped))
          : uiMessage('status_diskFull', uiFormat().count(status.pending))
        : uiMessage('status_writeFailed', status.lastError ?? uiMessage('status_unknownError'))}
    </p>
  );
}
