import { VENDORS, type VendorEntry } from './registry';

const VENDOR_BY_HOST = new Map<string, VendorEntry>();
for (const vendor of VENDORS) for (const host of vendor.hosts) VENDOR_BY_HOST.set(host, vendor);

/** The registry entry for a host: the longest matching suffix on a label boundary wins. */
export function vendorForHost(host: string): VendorEntry | undefined {
  let candidate = host;
  for (;;) {
    const hit = VENDOR_BY_HOST.get(candidate);
    if (hit) return hit;
    const dot = candidate.indexOf('.');
    if (dot < 0) return undefined;
    candidate = candidate.slice(dot + 1);
  }
}
