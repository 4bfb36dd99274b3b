/** Site keys as the policy stores them, and the match patterns of a site. */

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A site key as the policy stores it: lower case ASCII host, no trailing dot. Returns undefined for
 * anything that is not a plausible host name (URLs, paths, IPs with ports, "__proto__", empty).
 * Internationalized names must already be punycode (tldts returns them so).
 */
export function normalizeSite(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined;
  let s = input.trim().toLowerCase();
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.length === 0 || s.length > 253) return undefined;
  const labels = s.split('.');
  for (const label of labels) if (!LABEL.test(label)) return undefined;
  return s;
}

/** Match patterns of a site and its subdomains, for scripting.registerContentScripts. */
export function sitePatterns(site: string): string[] {
  return [`*://${site}/*`, `*://*.${site}/*`];
}
