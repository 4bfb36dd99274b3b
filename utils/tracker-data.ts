/**
 * The tracker data a classifier may use, loaded from whatever bytes the caller can read (the worker
 * fetches the extension's files, the CLI reads node_modules). Each source is optional and loads on
 * its own: one that is missing or broken costs names, never the classifier.
 */
import { TRACKERDB_ATTRIBUTION, TRACKER_LISTS_ATTRIBUTION } from './attributions';
import { loadTrackerDb, type TrackerDb } from './trackerdb';
import { loadTrackerLists, type TrackerLists } from './tracker-lists';

/** File names of the compiled sources, as the extension ships them. */
export const TRACKER_DATA_FILES = { trackerDb: 'trackerdb-hosts.json', trackerLists: 'tracker-lists.engine' } as const;

export interface TrackerData {
  trackerDb?: TrackerDb;
  trackerLists?: TrackerLists;
  /** Attribution lines of the sources that loaded (say them wherever names are shown). */
  attributions: string[];
}

export interface TrackerDataSources {
  trackerDb?: () => Promise<Uint8Array>;
  trackerLists?: () => Promise<Uint8Array>;
}

export async function loadTrackerData(
  sources: TrackerDataSources,
  warn: (message: string) => void,
): Promise<TrackerData> {
  const data: TrackerData = { attributions: [] };
  const [db, lists] = await Promise.allSettled([
    sources.trackerDb ? sources.trackerDb().then(loadTrackerDb) : Promise.resolve(undefined),
    sources.trackerLists ? sources.trackerLists().then(loadTrackerLists) : Promise.resolve(undefined),
  ]);
  if (db.status === 'fulfilled' && db.value) {
    data.trackerDb = db.value;
    data.attributions.push(TRACKERDB_ATTRIBUTION);
  } else if (db.status === 'rejected') {
    warn(`tracker database unavailable (${describe(db.reason)}); naming organizations without it`);
  }
  if (lists.status === 'fulfilled' && lists.value) {
    data.trackerLists = lists.value;
    data.attributions.push(TRACKER_LISTS_ATTRIBUTION);
  } else if (lists.status === 'rejected') {
    warn(`tracker lists unavailable (${describe(lists.reason)}); naming trackers by host only`);
  }
  return data;
}

/**
 * The same in two stages, for a waking worker: `hostData` (the tracker database's host table, small)
 * settles first; `all` adds the tracker lists once they loaded, or failed to.
 */
export function loadTrackerDataInStages(
  sources: TrackerDataSources,
  warn: (message: string) => void,
): { hostData: Promise<TrackerData>; all: Promise<TrackerData> } {
  const hostData = loadTrackerData({ trackerDb: sources.trackerDb }, warn);
  const lists = loadTrackerData({ trackerLists: sources.trackerLists }, warn);
  const all = Promise.all([hostData, lists]).then(([host, listed]) => ({
    trackerDb: host.trackerDb,
    trackerLists: listed.trackerLists,
    attributions: [...host.attributions, ...listed.attributions],
  }));
  return { hostData, all };
}

function describe(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
