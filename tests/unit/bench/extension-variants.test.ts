import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBuildWithout, writeFloorExtension } from '../../../bench/extension-variants';

const dirs: string[] = [];
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js: string[]; world?: string; run_at?: string }[];
  };

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'variants-test-'));
  dirs.push(dir);
  const content_scripts = [
    { matches: ['https://*/*'], world: 'MAIN', js: ['content-scripts/cmp-answer.js', 'content-scripts/probe.js'] },
    { matches: ['https://*/*'], js: ['content-scripts/content.js'] },
  ];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, content_scripts }));
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('bench extension variants', () => {
  it('leaves out only the matching files; an entry left empty goes', () => {
    const build = fakeBuild();
    const noProbe = writeBuildWithout(build, /\/probe\.js$/);
    dirs.push(noProbe);
    expect(manifestOf(noProbe).content_scripts!.map((c) => c.js)).toEqual([
      ['content-scripts/cmp-answer.js'],
      ['content-scripts/content.js'],
    ]);
    expect(manifestOf(noProbe).content_scripts![0]!.world).toBe('MAIN');
    const none = writeBuildWithout(build, /content-scripts\//);
    dirs.push(none);
    expect(manifestOf(none).content_scripts).toEqual([]);
    expect(() => writeBuildWithout(build, /nothing-matches/)).toThrow(/no content script/);
  });

  it('the floor has no content scripts unless asked, then three that exist and do nothing', () => {
    const floor = writeFloorExtension();
    const withScripts = writeFloorExtension({ emptyContentScripts: true });
    dirs.push(floor, withScripts);
    expect(manifestOf(floor).content_scripts).toBeUndefined();
    const scripts = manifestOf(withScripts).content_scripts!;
    expect(scripts.map((c) => [c.world ?? 'ISOLATED', c.run_at])).toEqual([
      ['MAIN', 'document_start'],
      ['ISOLATED', 'document_start'],
      ['ISOLATED', 'document_idle'],
    ]);
    for (const c of scripts) for (const file of c.js) expect(existsSync(join(withScripts, file))).toBe(true);
  });
});
