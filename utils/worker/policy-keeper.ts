/**
 * Holds the consent policy in force. Changes run one at a time (a serial queue), each stored, then
 * enforced; a change whose enforcement fails is rolled back, in storage and in the browser, so what
 * the popup shows is what is enforced.
 */
import type { ConsentPolicy } from '../consent/model';

export interface PolicyStore {
  load(): Promise<ConsentPolicy>;
  save(policy: ConsentPolicy): Promise<void>;
}

export class PolicyKeeper {
  private current: Promise<ConsentPolicy>;
  /** Settles once the stored policy has been enforced at start-up (or that failed and was logged). */
  readonly ready: Promise<unknown>;

  constructor(
    private readonly store: PolicyStore,
    private readonly enforce: (policy: ConsentPolicy) => Promise<void>,
    private readonly log: (message: string, error: unknown) => void = console.error,
  ) {
    this.current = store.load();
    this.ready = this.current.then(enforce).catch((error) => log('ShareLedger: enforcing consent failed', error));
  }

  /** The policy in force once every queued change has run. */
  get policy(): Promise<ConsentPolicy> {
    return this.current;
  }

  /** Applies a change: stored, then enforced; on failure the previous policy is stored and enforced again. */
  update(change: (policy: ConsentPolicy) => ConsentPolicy): Promise<ConsentPolicy> {
    return this.enqueue(async (policy) => {
      const updated = change(policy);
      await this.store.save(updated);
      return updated;
    }, true);
  }

  /** Enforces the policy in force again (a recipient appeared that the rules must cover). */
  reapply(): Promise<ConsentPolicy> {
    return this.enqueue(async (policy) => policy, false);
  }

  /** After an import or erase changed the stored consent: enforce what is stored now. */
  reload(): Promise<ConsentPolicy> {
    return this.enqueue(() => this.store.load(), false);
  }

  private enqueue(
    next: (policy: ConsentPolicy) => Promise<ConsentPolicy>,
    restoreStored: boolean,
  ): Promise<ConsentPolicy> {
    const result = this.current.then(async (previous) => {
      const updated = await next(previous);
      try {
        await this.enforce(updated);
      } catch (error) {
        if (restoreStored) await this.store.save(previous).catch((e) => this.log('ShareLedger: rollback failed', e));
        await this.enforce(previous).catch((e) => this.log('ShareLedger: re-enforcing failed', e));
        throw error;
      }
      return updated;
    });
    // A failed change leaves the previous policy in force.
    const previous = this.current;
    this.current = result.catch(() => previous);
    return result;
  }
}
