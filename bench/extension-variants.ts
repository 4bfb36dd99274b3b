/**
 * Extensions the page-load bench compares ShareLedger with, written into temporary folders:
 * - the floor: an MV3 extension whose only code is an empty webRequest listener, with ShareLedger's
 *   filter and extra info (request bodies), so the browser does all the dispatch work an observing
 *   extension causes and the extension none of its own (for the wake bench, it marks its first event);
 * - ShareLedger's build without some of its content scripts, to cost each part by difference.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function writeFloorExtension(options: { markFirstEvent?: string } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'shareledger-floor-extension-'));
  const manifest = {
    manifest_version: 3,
    name: 'Empty webRequest listener (bench floor)',
    version: '1.0.0',
    permissions: ['webRequest'],
    host_permissions: ['<all_urls>'],
    background: { service_worker: 'background.js' },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
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

/** A copy of a build whose manifest leaves out the content scripts whose file matches `drop`. */
export function writeBuildWithout(buildDir: string, drop: RegExp): string {
  const dir = mkdtempSync(join(tmpdir(), 'shareledger-variant-'));
  cpSync(buildDir, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { content_scripts?: ContentScriptEntry[] };
  const before = manifest.content_scripts?.length ?? 0;
  manifest.content_scripts = (manifest.content_scripts ?? []).filter((c) => !(c.js ?? []).some((f) => drop.test(f)));
  if (manifest.content_scripts.length === before) throw new Error(`no content script of ${buildDir} matches ${drop}`);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}
