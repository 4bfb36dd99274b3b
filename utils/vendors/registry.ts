/**
 * Our own vendor registry: who runs a host and what kind of tracker it is.
 * It refines the tracker database (which files Hotjar or Dynamic Yield under "site analytics") and
 * names our vendors when the database is absent. Kept as data: one entry per vendor.
 */
import type { TrackerKind } from '../model';

export interface VendorEntry {
  id: string;
  name: string;
  organization: string;
  kind: TrackerKind;
  /** Host names or registrable domains; a request matches when its host equals or ends with ".<entry>". */
  hosts: readonly string[];
}

export const VENDORS: readonly VendorEntry[] = [
  { id: 'google-tag-manager', name: 'Google Tag Manager', organization: 'Google', kind: 'tag-manager', hosts: ['googletagmanager.com'] },
  { id: 'ga4', name: 'Google Analytics', organization: 'Google', kind: 'analytics', hosts: ['google-analytics.com', 'analytics.google.com'] },
  { id: 'google-ads', name: 'Google Ads', organization: 'Google', kind: 'advertising', hosts: ['doubleclick.net', 'googleadservices.com', 'googlesyndication.com', 'googleads.g.doubleclick.net'] },
  { id: 'meta-pixel', name: 'Meta Pixel', organization: 'Meta', kind: 'advertising', hosts: ['facebook.com', 'facebook.net', 'fbcdn.net'] },
  { id: 'tiktok-pixel', name: 'TikTok Pixel', organization: 'ByteDance', kind: 'advertising', hosts: ['analytics.tiktok.com', 'tiktok.com', 'tiktokw.us'] },
  { id: 'criteo', name: 'Criteo', organization: 'Criteo', kind: 'advertising', hosts: ['criteo.com', 'criteo.net'] },
  { id: 'fullstory', name: 'FullStory', organization: 'FullStory', kind: 'session-replay', hosts: ['fullstory.com'] },
  { id: 'hotjar', name: 'Hotjar', organization: 'Hotjar', kind: 'session-replay', hosts: ['hotjar.com', 'hotjar.io'] },
  { id: 'clarity', name: 'Microsoft Clarity', organization: 'Microsoft', kind: 'session-replay', hosts: ['clarity.ms'] },
  { id: 'contentsquare', name: 'Contentsquare', organization: 'Contentsquare', kind: 'session-replay', hosts: ['contentsquare.net', 'contentsquare.com'] },
  { id: 'dynamic-yield', name: 'Dynamic Yield', organization: 'Dynamic Yield', kind: 'personalization', hosts: ['dynamicyield.com', 'dy-api.com', 'dy-api.eu'] },
];
