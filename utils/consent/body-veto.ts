/**
 * What Firefox's blocking webRequest allows and Chrome MV3 does not: reading a request's body before
 * it leaves. A third-party tracker request whose body carries a category the shopper revoked on this
 * shop is cancelled. (In Chrome, declarativeNetRequest never sees bodies; the popup says so.)
 */
import type { Category } from '../categories';
import type { ClassifiedRequest } from '../model';
import { NEVER_BLOCKED_KINDS } from './enforcement';
import type { ConsentPolicy } from './model';
import { revokedCategories } from './policy';

/** The revoked categories a request's body carries; empty when it may go. */
export function revokedInBody(
  request: Pick<ClassifiedRequest, 'site' | 'thirdParty' | 'kind' | 'evidence'>,
  policy: ConsentPolicy,
): Category[] {
  if (!request.thirdParty || !request.site || NEVER_BLOCKED_KINDS.has(request.kind)) return [];
  const revoked = new Set(revokedCategories(policy, request.site));
  if (revoked.size === 0) return [];
  const found = new Set<Category>();
  for (const e of request.evidence) if (e.where === 'body' && revoked.has(e.category)) found.add(e.category);
  return [...found];
}
