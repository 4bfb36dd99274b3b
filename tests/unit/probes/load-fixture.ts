import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProbeReport } from '../../../utils/probes/apis';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** A probe report fixture (tests/unit/probes/fixtures/NAME.json), freshly parsed. */
export const probeFixture = (name: string): ProbeReport =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as ProbeReport;
