/**
 * The one module that touches @ghostery/trackerdb (data licensed CC-BY-NC-SA-4.0, see README).
 * Everything else sees only TrackerDb, so the classifier still works (from our registry) without it.
 */
import loadTrackerDBEngine from '@ghostery/trackerdb';
import type { TrackerKind } from './model';

export interface TrackerMatch {
  organization: string;
  kind: TrackerKind;
  /** Ghostery pattern name, e.g. "Google Analytics". */
  name: string;
}

export interface TrackerDb {
  lookupHost(host: string): TrackerMatch | undefined;
}

// Ghostery's coarse categories mapped to our tracker kinds.
const KIND_BY_GHOSTERY_CATEGORY: Record<string, TrackerKind> = {
  advertising: 'advertising',
  pornvertising: 'advertising',
  site_analytics: 'analytics',
  customer_interaction: 'personalization',
  social_media: 'social',
  consent: 'consent',
  hosting: 'cdn',
  cdn: 'cdn',
  audio_video_player: 'essential',
  essential: 'essential',
  utilities: 'tag-manager',
  misc: 'unknown',
  extensions: 'unknown',
};

export const TRACKERDB_ATTRIBUTION = 'Tracker data: Ghostery Tracker Database, CC-BY-NC-SA-4.0';

/** Loads the prebuilt engine (bytes of trackerdb.engine) and returns a cached host lookup. */
export async function loadTrackerDb(engineBytes: Uint8Array): Promise<TrackerDb> {
  const db = await loadTrackerDBEngine(engineBytes);
  const byHost = new Map<string, TrackerMatch | null>();
  return {
    lookupHost(host: string) {
      let hit = byHost.get(host);
      if (hit === undefined) {
        hit = null;
        try {
          const matches = db.matchDomain(host);
          const first = matches[0];
          if (first) {
            hit = {
              organization: first.organization?.name ?? first.pattern.organization ?? first.pattern.name,
              kind: KIND_BY_GHOSTERY_CATEGORY[first.category?.key ?? first.pattern.category] ?? 'unknown',
              name: first.pattern.name,
            };
          }
        } catch {
          hit = null;
        }
        if (byHost.size > 8192) byHost.clear();
        byHost.set(host, hit);
      }
      return hit ?? undefined;
    },
  };
}
