/**
 * Content script: finds personalized placements, labels them in place, reports them to the ledger,
 * lists trackers seen in the page, relays the page-world probes' findings, and notes what the
 * shopper types into contact fields (sent to the worker's memory for leak detection, never stored).
 * Every listener, timer and observer is bound to WXT's ctx, so they stop when the extension updates.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createPlacementScanner, toPlacement, type DetectedPlacement } from '../utils/placements/detect';
import { attachBadge, hidePlacement } from '../components/placement-badge';
import { typedFieldOf } from '../utils/typed-fields';
import type { ContentMessageType, Message } from '../utils/messages';
import { sendMessage } from '../utils/platform';
import { createDomTrackerScanner, listenForProbeReports, whenPageLoaded } from '../utils/probes/relay';

const MUTATION_THROTTLE_MS = 150;

const newPlacementScanner = () =>
  createPlacementScanner({ isVisible: (el) => (el as HTMLElement).checkVisibility?.() ?? true });

type Send = <K extends ContentMessageType>(message: Message<K>) => void;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    // Observations are fire-and-forget: a worker that cannot answer loses nothing the page needs.
    const send: Send = (message) => void sendMessage(message);

    // Cheap listeners first: the probes' reports and typed contact fields.
    ctx.onInvalidated(listenForProbeReports(window, (report) => send({ type: 'probe-report', report })));
    ctx.addEventListener(
      document,
      'change',
      (event) => {
        const field = typedFieldOf(event.target);
        if (field) send({ type: 'typed-values', typed: { [field.name]: field.value } });
      },
      { capture: true },
    );

    // The shopper may have asked to hide personalized rows on shops where browsing is revoked: then
    // rows are hidden at once. Otherwise labelling waits until the page has loaded and is idle, so
    // our work never competes with the shop's own loading.
    void sendMessage({ type: 'page-settings' }).then((reply) => {
      if (ctx.isInvalid) return;
      if (reply.ok && reply.hidePlacements) watchPage(ctx, send, true);
      else whenPageLoaded(window, () => ctx.isValid && watchPage(ctx, send, false));
    });
  },
});

function watchPage(ctx: ContentScriptContext, send: Send, hidePlacements: boolean): void {
  let pageUrl = location.href;
  let scanner = newPlacementScanner();
  let domTrackers = createDomTrackerScanner(pageUrl, document.baseURI);

  const handlers = { onOpenControls: () => send({ type: 'open-controls' }) };
  const report = (found: DetectedPlacement[]) => {
    if (found.length === 0) return;
    for (const placement of found) {
      if (hidePlacements) hidePlacement(placement.element, placement, handlers);
      else attachBadge(placement.element, placement, handlers);
    }
    send({ type: 'placements-found', placements: found.map(toPlacement) });
  };
  // Scripts, pixels and frames from other hosts; the worker keeps the known trackers.
  const reportTrackers = (root: ParentNode) => {
    const trackers = domTrackers.scan(root);
    if (trackers.length > 0) send({ type: 'dom-trackers', trackers });
  };

  report(scanner.scan(document));
  reportTrackers(document);

  // Rows rendered late and single-page navigations: batch mutations, scan only what was added.
  let added: Node[] = [];
  let timer: number | undefined;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      // A heading's text filled in later arrives as a characterData change of its text node.
      if (record.type === 'characterData') added.push(record.target);
      else for (const node of record.addedNodes) if (node.nodeType === 1) added.push(node);
    }
    timer ??= ctx.setTimeout(() => {
      timer = undefined;
      const nodes = added;
      added = [];
      if (location.href !== pageUrl) {
        // SPA route change: the page is new, so is what it shows.
        pageUrl = location.href;
        scanner = newPlacementScanner();
        domTrackers = createDomTrackerScanner(pageUrl, document.baseURI);
        report(scanner.scan(document));
        reportTrackers(document);
      } else {
        report(scanner.scanAdded(nodes));
        for (const node of nodes) if (node.nodeType === 1) reportTrackers(node as Element);
      }
    }, MUTATION_THROTTLE_MS);
  });
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  ctx.onInvalidated(() => observer.disconnect());
}
