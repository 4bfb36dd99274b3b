/**
 * Extensions the page-load bench compares ShareLedger with, written into temporary folders:
 * - the floor: an MV3 extension whose only code is an empty webRequest listener, with ShareLedger's
 *   filter and extra info (request bodies), so the browser does all the dispatch work an observing
 *   extension causes and the extension none of its own (for the wake bench, it marks its first event);
 *   with `emptyContentScripts`, also content scripts that do nothing, where ShareLedger has its own
 *   (page world and isolated world at document_start, isolated world at document_idle): the cost of
 *   having content scripts at all;
 * - ShareLedger's build without some of its content scripts, to cost each part by difference.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const EMPTY_CONTENT_SCRIPTS = [
  { file: 'main-start.js', run_at: 'document_start', world: 'MAIN' },
  { file: 'isolated-start.js', run_at: 'document_start' },
  { file: 'isolated-idle.js', run_at: 'document_idle' },
];

export function writeFloorExtension(options: { markFirstEvent?: string; emptyContentScripts?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'shareledger-floor-extension-'));
  const manifest = {
    manifest_version: 3,
    name: 'Empty webRequest listener (bench floor)',
    version: '1.0.0',
    permissions: ['webRequest'],
    host_permissions: ['<all_urls>'],
    background: { service_worker: 'background.js' },
    ...(options.emptyContentScripts && {
      content_scripts: EMPTY_CONTENT_SCRIPTS.map(({ file, ...when }) => ({
        matches: ['http://*/*', 'https://*/*'],
        js: [file],
        ...when,
      })),
    }),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  if (options.emptyContentScripts)
    for (const { file } of EMPTY_CONTENT_SCRIPTS) writeFileSync(join(dir, file), 'void 0;\n');
  // The wake bench's floor marks its first event, as ShareLedger marks its first classified request.
  const listener = options.markFirstEvent
    ? `() => { if (performance.getEntriesByName(${JSON.stringify(options.markFirstEvent)}).length === 0) performance.mark(${JSON.stringify(options.markFirstEvent)}); }`
    : '() => undefined';
  writeFileSync(
    join(dir, 'background.js'),
    `chrome.webRequest.onBeforeRequest.addListener(${listener}, { urls: ['http://*/*', 'https://*/*'] }, ['requestBody']);\n`,
  );
  return dir;
}

interface ContentScriptEntry {
  js?: string[];
}

/**
 * A copy of a build whose manifest leaves out the content-script files that match `drop` (an entry
 * left with no file goes too; the other files of an entry stay).
 */
export function writeBuildWithout(buildDir: string, drop: RegExp): string {
  const dir = mkdtempSync(join(tmpdir(), 'shareledger-variant-'));
  cpSync(buildDir, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { content_scripts?: ContentScriptEntry[] };
  const files = (entries: ContentScriptEntry[]) => entries.flatMap((c) => c.js ?? []).length;
  const before = files(manifest.content_scripts ?? []);
  manifest.content_scripts = (manifest.content_scripts ?? [])
    .map((c) => ({ ...c, js: (c.js ?? []).filter((f) => !drop.test(f)) }))
    .filter((c) => c.js.length > 0);
  if (files(manifest.content_scripts) === before) throw new Error(`no content script of ${buildDir} matches ${drop}`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}
