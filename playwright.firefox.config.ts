import { defineConfig } from '@playwright/test';

// Firefox e2e (tests/e2e-firefox): each test launches its own firefox-esr profile with the built
// Firefox extension and its own demo store (port 0), driven over WebDriver BiDi by puppeteer-core.
export default defineConfig({
  testDir: 'tests/e2e-firefox',
  workers: 2,
  fullyParallel: true,
  timeout: 120_000,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/firefox',
});
