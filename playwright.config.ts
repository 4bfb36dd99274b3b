import { defineConfig } from '@playwright/test';

// Each test launches its own chromium profile and demo store on its own port (tests/e2e/fixtures.ts),
// so tests are independent of order; two workers fit the two cores.
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 2,
  timeout: 90_000,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
});
