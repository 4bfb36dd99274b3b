/**
 * Content script: finds personalized placements, labels them in place, reports them to the ledger,
 * and notes what the shopper types into contact fields (sent to the worker's memory for leak
 * detection, never stored).
 */
import { browser } from 'wxt/browser';
import { createPlacementScanner, toPlacement, type DetectedPlacement } from '../utils/placements/detect';
import { attachBadge, hidePlacement } from '../components/placement-badge';
import { typedFieldOf } from '../utils/typed-fields';
import type { ContentMessage } from '../utils/messages';
import { createDomTrackerScanner, listenForProbeReports, whenPageLoaded } from '../utils/probes/relay';

const MUTATION_THROTTLE_MS = 150;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main() {
    let scanner = createPlacementScanner({ isVisible: (el) => (el as HTMLElement).checkVisibility?.() ?? true });
    let pageUrl = location.href;

    const send = (message: ContentMessage) => browser.runtime.sendMessage(message).catch(() => undefined);

    // The shopper may have asked to hide personalized rows on shops where browsing is revoked.
    const settings: Promise<{ hidePlacements?: boolean }> = browser.runtime
      .sendMessage({ type: 'page-settings' } satisfies ContentMessage)
      .then((reply) => (reply ?? {}) as { hidePlacements?: boolean })
      .catch(() => ({}));

    function report(found: DetectedPlacement[]) {
      if (found.length === 0) return;
      void settings.then(({ hidePlacements }) => {
        for (const placement of found) {
          const handlers = { onOpenControls: () => void send({ type: 'open-controls' }) };
          if (hidePlacements) hidePlacement(placement.element, placement, handlers);
          else attachBadge(placement.element, placement, handlers);
        }
      });
      void send({ type: 'placements-found', placements: found.map(toPlacement) });
    }

    report(scanner.scan(document));

    // Scripts, pixels and frames from other hosts; the worker keeps the known trackers. Not urgent:
    // scanned once the page has loaded, then only what is added.
    let domTrackers = createDomTrackerScanner(location.href, document.baseURI);
    let trackersScanned = false;
    const reportTrackers = (root: ParentNode) => {
      const trackers = domTrackers.scan(root);
      if (trackers.length > 0) void send({ type: 'dom-trackers', trackers });
    };
    whenPageLoaded(window, () => {
      trackersScanned = true;
      reportTrackers(document);
    });

    // Rows rendered late and single-page navigations: batch mutations, scan only what was added.
    let added: Node[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        // A heading's text filled in later arrives as a characterData change of its text node.
        if (record.type === 'characterData') added.push(record.target);
        else for (const node of record.addedNodes) if (node.nodeType === 1) added.push(node);
      }
      timer ??= setTimeout(() => {
        timer = undefined;
        const nodes = added;
        added = [];
        if (location.href !== pageUrl) {
          // SPA route change: the page is new, so is what it shows.
          pageUrl = location.href;
          scanner = createPlacementScanner({ isVisible: (el) => (el as HTMLElement).checkVisibility?.() ?? true });
          report(scanner.scan(document));
          domTrackers = createDomTrackerScanner(location.href, document.baseURI);
          if (trackersScanned) reportTrackers(document);
        } else {
          report(scanner.scanAdded(nodes));
          if (trackersScanned) for (const node of nodes) reportTrackers(node as Element);
        }
      }, MUTATION_THROTTLE_MS);
    });
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });

    // Fingerprinting and session-replay findings of the page-world probes (entrypoints/probe.content.ts).
    listenForProbeReports(window, (report) => void send({ type: 'probe-report', report }));

    document.addEventListener(
      'change',
      (event) => {
        const field = typedFieldOf(event.target);
        if (field) void send({ type: 'typed-values', typed: { [field.name]: field.value } });
      },
      true,
    );
  },
});
