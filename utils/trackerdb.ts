/**
 * Host lookups in the Ghostery Tracker Database (data licensed CC-BY-NC-SA-4.0, see README).
 * Everything else sees only TrackerDb, so the classifier still works (from our registry) without it.
 *
 * The classifier only ever asks "who is behind this host?", so the database is compiled at build
 * time (utils/trackerdb-compile.ts, the one module that loads @ghostery/trackerdb) into a host table
 * of a few hundred KB: the worker reads it in milliseconds at every wake, instead of fetching and
 * checksumming the 1.8 MB engine and parsing a second copy of the adblocker's code.
 */
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

/** The compiled table: each tracker once, and the hosts (registrable domains or subdomains) naming it. */
export interface TrackerHostTable {
  format: typeof TRACKERDB_TABLE_FORMAT;
  /** [pattern name, organization, kind] */
  trackers: [string, string, TrackerKind][];
  /** host → index in trackers */
  hosts: Record<string, number>;
}

export const TRACKERDB_TABLE_FORMAT = 'shareledger-trackerdb-hosts/1';

/** Reads a compiled host table (bytes of trackerdb-hosts.json); throws a clear error on anything else. */
export function loadTrackerDb(tableBytes: Uint8Array): TrackerDb {
  let table: Partial<TrackerHostTable>;
  try {
    table = JSON.parse(new TextDecoder().decode(tableBytes)) as Partial<TrackerHostTable>;
  } catch {
    throw new Error('tracker database: not JSON, not a compiled host table');
  }
  if (table?.format !== TRACKERDB_TABLE_FORMAT || !Array.isArray(table.trackers) || typeof table.hosts !== 'object')
    throw new Error(`tracker database: not a compiled host table (${TRACKERDB_TABLE_FORMAT})`);
  const trackers: TrackerMatch[] = table.trackers.map(([name, organization, kind]) => ({ name, organization, kind }));
  const hosts = new Map<string, TrackerMatch>();
  for (const [host, index] of Object.entries(table.hosts!)) {
    const tracker = trackers[index];
    if (!tracker) throw new Error(`tracker database: host ${host} names tracker ${index}, which is not in the table`);
    hosts.set(host, tracker);
  }
  // Most hosts of a page repeat: each answered once (as the engine's own lookup: the host, then
  // each parent domain down to two labels).
  const answers = new Map<string, TrackerMatch | null>();
  return {
    lookupHost(host: string) {
      let answer = answers.get(host);
      if (answer === undefined) {
        answer = null;
        for (let at = 0; host.indexOf('.', at) >= 0; at = host.indexOf('.', at) + 1) {
          const hit = hosts.get(at === 0 ? host : host.slice(at));
          if (hit) {
            answer = hit;
            break;
          }
        }
        if (answers.size >= 8192) answers.clear();
        answers.set(host, answer);
      }
      return answer ?? undefined;
    },
  };
}
