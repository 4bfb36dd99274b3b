import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import loadTrackerDBEngine from '@ghostery/trackerdb';
import { loadTrackerDb, TRACKERDB_TABLE_FORMAT } from '../../../utils/trackerdb';
import { compileTrackerDb, serializeTrackerDb, trackerMatchOf } from '../../../utils/trackerdb-compile';
import { readTrackerDbTable } from '../../../cli/tracker-data';

// The package's own engine, the one the table is compiled from.
const engineBytes = new Uint8Array(
  readFileSync(new URL('../../../node_modules/@ghostery/trackerdb/dist/trackerdb.engine', import.meta.url)),
);

describe('the tracker database compiled to a host table', () => {
  it('answers every host exactly as the engine does: its hosts, their subdomains and parents, and others', async () => {
    const engine = await loadTrackerDBEngine(engineBytes);
    const table = await compileTrackerDb(engineBytes);
    const db = loadTrackerDb(serializeTrackerDb(table));
    const hosts = Object.keys(table.hosts);
    expect(hosts.length).toBeGreaterThan(4000);
    const probes = new Set<string>();
    for (const host of hosts) {
      probes.add(host);
      probes.add(`cdn.${host}`);
      probes.add(`a.b.${host}`);
      probes.add(host.slice(host.indexOf('.') + 1));
    }
    for (const host of ['www.shop.example', 'example.com', 'localhost', 'co.uk', 'www.bbc.co.uk', 'x', ''])
      probes.add(host);
    let named = 0;
    for (const host of probes) {
      const expected = trackerMatchOf(engine.matchDomain(host));
      expect(db.lookupHost(host), host).toEqual(expected);
      if (expected) named++;
    }
    expect(named).toBeGreaterThan(hosts.length);
  });

  it('maps Ghostery categories to our kinds', async () => {
    const db = loadTrackerDb(await readTrackerDbTable());
    expect(db.lookupHost('region1.google-analytics.com')).toMatchObject({ organization: 'Google', kind: 'analytics' });
    expect(db.lookupHost('connect.facebook.net')?.kind).toBe('advertising');
    expect(db.lookupHost('www.shop.example')).toBeUndefined();
  });

  it('refuses bytes that are not a compiled host table with a clear error', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(() => loadTrackerDb(engineBytes)).toThrow(/not JSON|not a compiled host table/);
    expect(() => loadTrackerDb(bytes('{"format":"other"}'))).toThrow(/not a compiled host table/);
    expect(() =>
      loadTrackerDb(bytes(JSON.stringify({ format: TRACKERDB_TABLE_FORMAT, trackers: [], hosts: { 'a.example': 0 } }))),
    ).toThrow(/a\.example names tracker 0/);
  });
});
