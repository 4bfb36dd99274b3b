/**
 * Launches Debian's chromium with the built extension loaded, for the e2e tests, `npm start` and the
 * audit command. Every host name resolves to the local demo store (or to what hostRules says).
 */
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import type { PresetId } from '../utils/consent/presets';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM_PATH = process.env.SHARELEDGER_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EXTENSION_DIR = resolve(process.env.SHARELEDGER_EXTENSION_DIR ?? '.output/chrome-mv3');

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The chromium profile folder (the bench finds the browser's processes by it). */
  profileDir: string;
  close(): Promise<void>;
}

/**
 * Chromium's command line for our runs: headless-friendly, no background traffic of its own, every
 * host name mapped by hostRules (to loopback in tests), and the extension when one is given.
 */
export interface ChromiumOptions {
  extensionDir?: string;
  hostRules?: string;
  /** Accept self-signed certificates (default true: the demo store's, a staging server's). */
  acceptInsecureCerts?: boolean;
  extraArgs?: string[];
}

export interface LaunchOptions extends ChromiumOptions {
  /**
   * The default for shops not visited yet, picked on the onboarding page the extension opens on
   * install, as a shopper would. 'allow-all' unless told otherwise: the e2e tests, benches and audit
   * were written for a browser where data flows until they revoke it. 'none' picks nothing, so the
   * protective first-run default applies (the first-run test, `npm start`).
   */
  onboardingChoice?: PresetId | 'none';
  /**
   * The browser's language (BCP 47, e.g. 'de-DE'): its UI language, which the extension's pages speak
   * (`--lang`), and the language pages see (navigator.language, Accept-Language). Default en-US.
   */
  locale?: string;
}

export function chromiumArgs(options: ChromiumOptions = {}): string[] {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ];
  if (options.acceptInsecureCerts ?? true) args.push('--ignore-certificate-errors');
  if (options.extraArgs) args.push(...options.extraArgs);
  if (options.extensionDir)
    args.unshift(`--disable-extensions-except=${options.extensionDir}`, `--load-extension=${options.extensionDir}`);
  if (options.hostRules) args.push(`--host-resolver-rules=${options.hostRules}`);
  return args;
}

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set SHARELEDGER_CHROMIUM.`,
    );
  }
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension in ${extensionDir}: run \`npx wxt build\` first.`);
  }
  assertChromium();
  const profile = mkdtempSync(join(tmpdir(), 'shareledger-profile-'));
  const args = chromiumArgs({ ...options, extensionDir });
  // Chromium's UI languages are mostly bare ('de', not 'de-DE'): a tag it has no UI for falls back to English.
  if (options.locale) args.push(`--lang=${options.locale.split('-')[0]}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    locale: options.locale,
    viewport: { width: 1280, height: 800 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const choice = options.onboardingChoice ?? 'allow-all';
  // Other builds (the page-load bench's empty-listener floor) have no onboarding page.
  if (choice !== 'none' && existsSync(join(extensionDir, 'onboarding.html')))
    await chooseOnOnboardingPage(context, extensionId, choice);
  return {
    context,
    worker,
    extensionId,
    profileDir: profile,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The onboarding tab the extension opened on install (found, never opened by us). */
export async function onboardingPage(context: BrowserContext, extensionId: string, timeoutMs = 30_000) {
  const url = `chrome-extension://${extensionId}/onboarding.html`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = context.pages().find((p) => p.url() === url);
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`the extension did not open ${url} on install`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Clicks a preset on the onboarding page, waits until it is stored, and closes the page. */
async function chooseOnOnboardingPage(context: BrowserContext, extensionId: string, preset: PresetId): Promise<void> {
  const page = await onboardingPage(context, extensionId);
  const button = page.locator(`button[data-preset="${preset}"]`);
  await button.click({ timeout: 30_000 });
  await page.locator('[data-testid=onboarding-status][data-chosen]').waitFor({ timeout: 30_000 });
  await button.and(page.locator('[aria-pressed=true]')).waitFor({ timeout: 30_000 });
  await page.close();
}
