import { VENDORS, type VendorEntry } from './registry';

const VENDOR_BY_HOST = new Map<string, VendorEntry>();
for (const vendor of VENDORS) for (const host of vendor.hosts) VENDOR_BY_HOST.set(host, vendor);

const MAX_CACHE = 4096;
const cache = new Map<string, VendorEntry | null>();

/** The registry entry for a host: the longest matching suffix on a label boundary wins. */
export function vendorForHost(host: string): VendorEntry | undefined {
  let hit = cache.get(host);
  if (hit === undefined) {
    hit = null;
    let candidate = host;
    for (;;) {
      const found = VENDOR_BY_HOST.get(candidate);
      if (found) {
        hit = found;
        break;
      }
      const dot = candidate.indexOf('.');
      if (dot < 0) break;
      candidate = candidate.slice(dot + 1);
    }
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(host, hit);
  }
  return hit ?? undefined;
}
