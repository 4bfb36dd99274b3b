/**
 * Runs in the page's own world at document_start on sites where the shopper revoked a category:
 * Global Privacy Control's JavaScript signal, defined before any page script can read it.
 */
export default defineUnlistedScript(() => {
  try {
    Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {
      get: () => true,
      configurable: true,
      enumerable: true,
    });
  } catch {
    // A page that froze Navigator first keeps its value; the Sec-GPC header still goes out.
  }
});
