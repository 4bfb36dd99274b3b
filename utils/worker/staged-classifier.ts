/**
 * The worker's classifier while it wakes: host data (our registry, the decoders, the tracker
 * database's host table) loads in milliseconds, the tracker lists' engine takes longer. Requests are
 * classified as soon as host data is there; only a request the lists could name waits for them, so
 * every flow is written as the complete classifier would write it.
 */
import { listsMayName, type Classifier } from '../classify';
import type { ClassifiedRequest, RequestRecord } from '../model';

export class StagedClassifier {
  private complete: Classifier | undefined;

  /**
   * @param hostData classifies without the lists
   * @param withLists classifies with everything that loaded (resolves even when the lists did not)
   */
  constructor(
    private readonly hostData: Promise<Classifier>,
    private readonly withLists: Promise<Classifier>,
  ) {
    void withLists.then((classify) => (this.complete = classify));
  }

  readonly classify = async (record: RequestRecord): Promise<ClassifiedRequest> => {
    const hostData = this.completeClassifier() ? undefined : await this.hostData;
    // Read again after the wait: the lists may have arrived meanwhile.
    const complete = this.completeClassifier();
    if (complete || !hostData) return (complete ?? (await this.withLists))(record);
    const early = hostData(record);
    return listsMayName(early) ? (await this.withLists)(record) : early;
  };

  private completeClassifier(): Classifier | undefined {
    return this.complete;
  }
}
