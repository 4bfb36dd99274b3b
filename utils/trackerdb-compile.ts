/**
 * Build time only (the build hook and the CLI's cache, never the worker): compiles the Ghostery
 * Tracker Database's engine (CC-BY-NC-SA-4.0) into the host table utils/trackerdb.ts reads. The one
 * module that loads @ghostery/trackerdb. Every host the table holds is answered by the engine's own
 * matchDomain, so the table says exactly what the engine would (tests/unit/trackerdb checks it).
 */
import loadTrackerDBEngine from '@ghostery/trackerdb';
import type { TrackerKind } from './model';
import { TRACKERDB_TABLE_FORMAT, type TrackerHostTable, type TrackerMatch } from './trackerdb';

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

type EngineMatches = ReturnType<Awaited<ReturnType<typeof loadTrackerDBEngine>>['matchDomain']>;

/** What the classifier takes from the engine's answer for a host: its first pattern. */
export function trackerMatchOf(matches: EngineMatches): TrackerMatch | undefined {
  const first = matches[0];
  if (!first) return undefined;
  return {
    organization: first.organization?.name ?? first.pattern.organization ?? first.pattern.name,
    kind: KIND_BY_GHOSTERY_CATEGORY[first.category?.key ?? first.pattern.category] ?? 'unknown',
    name: first.pattern.name,
  };
}

/** Hosts a pattern names: its domains and the hosts of its plain `||host^` filters. */
const PLAIN_HOST_FILTER = /^\|\|([a-z0-9.-]+)\^/i;

export async function compileTrackerDb(engineBytes: Uint8Array): Promise<TrackerHostTable> {
  const db = await loadTrackerDBEngine(engineBytes);
  const candidates = new Set<string>();
  for (const pattern of db.engine.metadata?.getPatterns() ?? []) {
    for (const domain of pattern.domains) candidates.add(domain.toLowerCase());
    for (const filter of pattern.filters) {
      const host = PLAIN_HOST_FILTER.exec(filter)?.[1];
      if (host) candidates.add(host.toLowerCase());
    }
  }
  const table: TrackerHostTable = { format: TRACKERDB_TABLE_FORMAT, trackers: [], hosts: {} };
  const indexOf = new Map<string, number>();
  for (const host of [...candidates].sort()) {
    const match = trackerMatchOf(db.matchDomain(host));
    if (!match) continue;
    const tracker: [string, string, TrackerKind] = [match.name, match.organization, match.kind];
    const key = JSON.stringify(tracker);
    let index = indexOf.get(key);
    if (index === undefined) {
      index = table.trackers.push(tracker) - 1;
      indexOf.set(key, index);
    }
    table.hosts[host] = index;
  }
  return table;
}

/** The table as the extension ships it (trackerdb-hosts.json). */
export function serializeTrackerDb(table: TrackerHostTable): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(table));
}
