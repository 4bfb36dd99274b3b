/**
 * Where the tracker data lives on disk, for the CLI, the build (wxt.config.ts) and the benchmarks:
 * the Ghostery Tracker Database's prebuilt engine (CC-BY-NC-SA-4.0) and EasyList + EasyPrivacy
 * (CC BY-SA 3.0, vendored in data/tracker-lists/), compiled once and cached by content.
 *
 * `--tracker-data` chooses what a run may use: `all` (both), `lists` (the lists only: no
 * non-commercial data, for a retailer testing its own site commercially) or `none` (our registry).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION } from '@ghostery/adblocker';
import { compileTrackerLists, TRACKER_LISTS_FORMAT } from '../utils/tracker-lists';
import { loadTrackerData, TRACKER_DATA_FILES, type TrackerData } from '../utils/tracker-data';
import { TRACKERDB_TABLE_FORMAT } from '../utils/trackerdb';
import { compileTrackerDb, serializeTrackerDb } from '../utils/trackerdb-compile';

export const TRACKER_DATA_CHOICES = ['all', 'lists', 'none'] as const;
export type TrackerDataChoice = (typeof TRACKER_DATA_CHOICES)[number];

export const TRACKER_DATA_USAGE = `--tracker-data all|lists|none
                   all (default): Ghostery Tracker Database (CC-BY-NC-SA-4.0) + EasyList/EasyPrivacy (CC BY-SA 3.0);
                   lists: EasyList/EasyPrivacy only, no non-commercial data; none: ShareLedger's own registry`;

/** The choice named by a --tracker-data value, or why the value is not one. */
export function parseTrackerDataChoice(value: string): { choice: TrackerDataChoice } | { error: string } {
  return (TRACKER_DATA_CHOICES as readonly string[]).includes(value)
    ? { choice: value as TrackerDataChoice }
    : { error: `--tracker-data must be one of ${TRACKER_DATA_CHOICES.join(', ')} (got "${value}")` };
}

/** The repository root: the folder above this module (or above the bundled CLI chunk) that holds data/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'data', 'tracker-lists')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const ROOT = findRoot();
export const TRACKER_LISTS_DIR = join(ROOT, 'data', 'tracker-lists');
const LIST_FILES = { easylist: 'easylist.txt', easyprivacy: 'easyprivacy.txt' } as const;

/** Path of @ghostery/trackerdb's prebuilt engine (its package exports only ".", so resolve that). */
function trackerDbEnginePath(): string {
  const require = createRequire(import.meta.url);
  // The entry is dist/cjs/index.js; the engine sits beside it in dist/.
  let dir = dirname(require.resolve('@ghostery/trackerdb'));
  while (!existsSync(join(dir, 'trackerdb.engine')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'trackerdb.engine');
}

const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'shareledger');

/** Writes a cache file aside and renames it: two builds at once never read half a file. */
function writeCached(path: string, bytes: Uint8Array): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
}

/**
 * Path of the compiled host table (the file the extension ships as trackerdb-hosts.json), compiled
 * from the package's engine on first use and cached by the engine's content and the table's format.
 */
export async function trackerDbTablePath(): Promise<string> {
  const engine = readFileSync(trackerDbEnginePath());
  const key = createHash('sha256').update(`${TRACKERDB_TABLE_FORMAT}\0`).update(engine).digest('hex').slice(0, 16);
  const path = join(CACHE_DIR, `trackerdb-hosts-${key}.json`);
  if (!existsSync(path)) writeCached(path, serializeTrackerDb(await compileTrackerDb(new Uint8Array(engine))));
  return path;
}

export async function readTrackerDbTable(): Promise<Uint8Array> {
  return new Uint8Array(await readFile(await trackerDbTablePath()));
}

/**
 * Path of the compiled lists (the file the extension ships as tracker-lists.engine). Compiled on
 * first use (seconds) and cached under node_modules/.cache by the lists' content and engine version.
 */
export function trackerListsEnginePath(): string {
  const easylist = readFileSync(join(TRACKER_LISTS_DIR, LIST_FILES.easylist), 'utf8');
  const easyprivacy = readFileSync(join(TRACKER_LISTS_DIR, LIST_FILES.easyprivacy), 'utf8');
  const key = createHash('sha256')
    .update(`${ENGINE_VERSION}\0${TRACKER_LISTS_FORMAT}\0${easylist}\0${easyprivacy}`)
    .digest('hex')
    .slice(0, 16);
  const path = join(CACHE_DIR, `tracker-lists-${key}.engine`);
  if (!existsSync(path)) writeCached(path, compileTrackerLists({ easylist, easyprivacy }));
  return path;
}

export async function readTrackerListsEngine(): Promise<Uint8Array> {
  return new Uint8Array(await readFile(trackerListsEnginePath()));
}

/**
 * Loads what the choice allows and says on stderr what was used (attribution), or why a source is
 * unavailable: a missing source costs names, never the run.
 */
export async function openTrackerData(choice: TrackerDataChoice, warn: (line: string) => void): Promise<TrackerData> {
  const data = await loadTrackerData(
    {
      trackerDb: choice === 'all' ? readTrackerDbTable : undefined,
      trackerLists: choice === 'none' ? undefined : readTrackerListsEngine,
    },
    warn,
  );
  for (const line of data.attributions) warn(line);
  return data;
}

/**
 * The built extension as the choice allows it: itself for `all`, else a copy without the data the
 * choice excludes (the worker names trackers from what it finds). Call `dispose` when done.
 */
export function extensionWithTrackerData(
  extensionDir: string,
  choice: TrackerDataChoice,
): { dir: string; dispose(): void } {
  if (choice === 'all') return { dir: extensionDir, dispose() {} };
  const dir = mkdtempSync(join(tmpdir(), `shareledger-ext-${choice}-`));
  const excluded = new Set<string>([TRACKER_DATA_FILES.trackerDb]);
  if (choice === 'none') excluded.add(TRACKER_DATA_FILES.trackerLists);
  cpSync(extensionDir, dir, {
    recursive: true,
    filter: (source) => !excluded.has(source.slice(extensionDir.length).replace(/^[/\\]+/, '')),
  });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
