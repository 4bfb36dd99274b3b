import type { Category } from '../categories';
import type { Evidence, EvidenceWhere } from '../model';
import type { EvidenceSink } from '../decoders/types';

const MAX_SAMPLE = 80;
/** Evidence kept per request; a single batched beacon can carry hundreds of signals. */
const MAX_EVIDENCE = 32;

/** Redacts a value for the ledger: contact and identifier values are never kept in clear. */
export function redactSample(category: Category, value: string): string {
  if (category === 'contact') return value.length <= 4 ? '•••' : `${value.slice(0, 4)}…(${value.length})`;
  if (category === 'identifiers' || category === 'location') {
    return value.length <= 6 ? value.replace(/./g, '•') : `${value.slice(0, 6)}…`;
  }
  return value.length > MAX_SAMPLE ? `${value.slice(0, MAX_SAMPLE)}…` : value;
}

/** An EvidenceSink that keeps the first piece of evidence per (category, key) and the set of categories. */
export class EvidenceCollector implements EvidenceSink {
  readonly evidence: Evidence[] = [];
  readonly categories = new Set<Category>();
  private readonly seen = new Set<string>();
  source = 'generic';

  add(category: Category, where: EvidenceWhere, key: string, value: string): void {
    this.categories.add(category);
    if (this.evidence.length >= MAX_EVIDENCE) return;
    const id = `${category}\u0000${key}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    this.evidence.push({ category, where, key, sample: redactSample(category, value), source: this.source });
  }
}
