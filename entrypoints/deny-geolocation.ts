/**
 * Runs in the page's own world at document_start on sites where the shopper revoked location: the
 * page's geolocation requests fail as if the shopper had said no in the browser's prompt.
 */
export default defineUnlistedScript(() => {
  const geolocation = navigator.geolocation;
  if (!geolocation) return;
  const PERMISSION_DENIED = 1;
  const denied = () => ({
    code: PERMISSION_DENIED,
    message: 'User denied Geolocation',
    PERMISSION_DENIED: 1,
    POSITION_UNAVAILABLE: 2,
    TIMEOUT: 3,
  });
  const deny = (_success: unknown, error?: ((e: unknown) => void) | null) => {
    if (typeof error === 'function') setTimeout(() => error(denied()), 0);
  };
  try {
    Object.defineProperty(geolocation, 'getCurrentPosition', { value: deny, configurable: true });
    Object.defineProperty(geolocation, 'watchPosition', {
      value: (s: unknown, e?: (e: unknown) => void) => (deny(s, e), 0),
      configurable: true,
    });
  } catch {
    // Non-configurable in this browser: nothing more a page script can do.
  }
});
