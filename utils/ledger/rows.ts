import type { ClassifiedRequest, Flow, Placement, PlacementRecord } from '../model';

/**
 * The ledger row for a classified request, or undefined when nothing was shared: a request is a
 * flow when it carried data to a third party, or to a vendor protocol hidden on a first-party host.
 */
export function toFlow(request: ClassifiedRequest, at: { key: string; ts: number }): Flow | undefined {
  if (request.categories.length === 0) return undefined;
  if (!request.thirdParty && !request.vendor) return undefined;
  let recipient = '';
  try {
    recipient = new URL(request.url).hostname;
  } catch {
    return undefined;
  }
  return {
    key: at.key,
    ts: at.ts,
    site: request.site,
    pageUrl: request.documentUrl ?? '',
    url: request.url,
    method: request.method,
    requestType: request.type,
    recipient,
    recipientSite: request.recipientSite,
    organization: request.organization,
    kind: request.kind,
    vendor: request.vendor,
    thirdParty: request.thirdParty,
    categories: request.categories,
    evidence: request.evidence,
    action: 'allowed',
    nameSource: request.nameSource,
  };
}

/** Ledger rows for the placements a page reported; one key per page and placement, so re-scans do not duplicate. */
export function toPlacementRecords(
  placements: Placement[],
  at: { site: string; pageUrl: string; ts: number },
): PlacementRecord[] {
  return placements.map((placement) => ({
    ...placement,
    key: `${at.pageUrl}#${placement.kind}:${placement.vendor ?? ''}:${placement.label}`,
    site: at.site,
    pageUrl: at.pageUrl,
    ts: at.ts,
  }));
}
