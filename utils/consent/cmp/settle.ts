/**
 * Waits for a page to stop changing. Banners animate in: Osano's cookieconsent, for one, shows its
 * popup and only 20 ms later marks it open, and a click in between stores the answer but never closes
 * the popup. Answering once the DOM has been quiet for a moment avoids such races in any CMP.
 */
export function whenSettled(
  win: Window & { MutationObserver: typeof MutationObserver },
  quietMs = 100,
  maxMs = 1000,
): Promise<void> {
  return new Promise((resolve) => {
    let quiet = 0;
    let cap = 0;
    const observer = new win.MutationObserver(() => {
      win.clearTimeout(quiet);
      quiet = win.setTimeout(done, quietMs);
    });
    function done() {
      observer.disconnect();
      win.clearTimeout(quiet);
      win.clearTimeout(cap);
      resolve();
    }
    observer.observe(win.document, { subtree: true, childList: true, attributes: true, characterData: true });
    quiet = win.setTimeout(done, quietMs);
    // A page that never stops changing (a carousel, a clock) still gets its answer.
    cap = win.setTimeout(done, maxMs);
  });
}
