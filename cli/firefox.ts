/**
 * Launches Debian's firefox-esr headless over WebDriver BiDi (puppeteer-core) with the built Firefox
 * extension installed as a temporary add-on, for the Firefox e2e tests and the Firefox page-load bench.
 *
 * Firefox has no --host-resolver-rules: it is given a proxy on loopback that answers CONNECT by piping
 * to the demo store, so pages load the real host names over https while every byte stays here.
 * Extension pages cannot be navigated to over BiDi, so the harness opens them as the browser's own
 * chrome would (a tab added with the system principal, through Marionette's chrome context, see
 * cli/marionette.ts) and talks to them by their BiDi browsing context: nothing in the shipped extension
 * opens a door for tests.
 */
import type { PresetId } from '../utils/consent/presets';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import {
  Browser as BrowserKind,
  WEBDRIVER_BIDI_WEBSOCKET_ENDPOINT_REGEX,
  createProfile,
  launch,
} from '@puppeteer/browsers';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MarionetteClient, SessionBoundTransport, freeLoopbackPort } from './marionette';

export const FIREFOX_PATH = process.env.SHARELEDGER_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = resolve(process.env.SHARELEDGER_FIREFOX_EXTENSION_DIR ?? '.output/firefox-mv3');
/** The add-on id in wxt.config.ts. */
export const ADDON_ID = 'shareledger@shareledger.dev';
/** A fixed internal UUID, so the harness knows the extension's moz-extension:// origin in advance. */
const ADDON_UUID = '5a4e1ed9-0b1e-4c6f-9d2a-7e57ab1e0017';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

/** Where the demo store's shopper stands, for Firefox's test geolocation provider. */
const SHOPPER_POSITION = { lat: 37.7897, lng: -122.3942 };

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

type RemoteValue = { type: string; value?: unknown };
type EvaluateResult =
  { type: 'success'; result: RemoteValue } | { type: 'exception'; exceptionDetails: { text: string } };

/** A CONNECT proxy on loopback that sends every tunnel to one local port, whatever host was asked for. */
export async function startLoopbackProxy(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    // Only https through CONNECT reaches the demo store; plain http has nowhere to go.
    res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('ShareLedger test proxy: https only');
  });
  // Tunnels leave the http server's books once upgraded: kept here so close() can end them.
  const tunnels = new Set<Socket>();
  server.on('connect', (_req, client: Socket, head) => {
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      tunnels.add(socket);
      socket.on('close', () => tunnels.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function firefoxPrefs(proxyPort: number, locale: string): Record<string, unknown> {
  return {
    // Every host through the loopback proxy (localhost included), nothing direct.
    'network.proxy.type': 1,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.no_proxies_on': '',
    'network.http.http3.enable': false,
    // Firefox's own tracking protection would block the demo trackers itself: measure the extension.
    'privacy.trackingprotection.enabled': false,
    'privacy.trackingprotection.pbmode.enabled': false,
    'privacy.trackingprotection.socialtracking.enabled': false,
    'privacy.trackingprotection.cryptomining.enabled': false,
    'privacy.trackingprotection.fingerprinting.enabled': false,
    'privacy.trackingprotection.emailtracking.enabled': false,
    'network.cookie.cookieBehavior': 0,
    'browser.contentblocking.category': 'custom',
    // Firefox's background traffic, off.
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'app.normandy.enabled': false,
    'browser.ping-centre.telemetry': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    // The shopper's position from a fixed test provider, granted without a prompt.
    'geo.provider.network.url': `data:application/json,${JSON.stringify({ location: SHOPPER_POSITION, accuracy: 10 })}`,
    'geo.provider.testing': true,
    'geo.prompt.testing': true,
    'geo.prompt.testing.allow': true,
    'geo.provider.use_geoclue': false,
    'geo.provider.use_gpsd': false,
    'permissions.default.geo': 1,
    // The browser's language (the popup's), and the one it asks pages for.
    'intl.locale.requested': locale,
    'intl.accept_languages': locale,
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
  };
}

/** An extension page in a tab of its own, driven through its BiDi browsing context. */
export class ExtensionTab {
  constructor(
    private readonly bidi: BidiConnection,
    readonly context: string,
  ) {}

  /** Runs fn in the page (serialised: it may use only its arguments) and returns its JSON result. */
  async evaluate<T, A extends unknown[]>(fn: (...args: A) => T | Promise<T>, ...args: A): Promise<T> {
    const { result } = await this.bidi.send('script.callFunction', {
      functionDeclaration: `async (json) => JSON.stringify(await (${fn.toString()})(...JSON.parse(json)) ?? null)`,
      arguments: [{ type: 'string', value: JSON.stringify(args) }],
      target: { context: this.context },
      awaitPromise: true,
    });
    const outcome = result as EvaluateResult;
    if (outcome.type === 'exception') throw new Error(`in ${EXTENSION_ORIGIN}: ${outcome.exceptionDetails.text}`);
    return JSON.parse(String(outcome.result.value)) as T;
  }

  /** Polls the page until predicate holds (a function of the page, serialised like evaluate's). */
  async waitFor<A extends unknown[]>(
    predicate: (...args: A) => boolean | Promise<boolean>,
    args: A,
    timeoutMs = 15_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.evaluate(predicate, ...args).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${predicate.toString().slice(0, 120)}`);
      await new Promise((done) => setTimeout(done, 150));
    }
  }

  async screenshot(path: string): Promise<void> {
    const { result } = await this.bidi.send('browsingContext.captureScreenshot', { context: this.context });
    writeFileSync(path, Buffer.from((result as { data: string }).data, 'base64'));
  }

  async close(): Promise<void> {
    await this.bidi.send('browsingContext.close', { context: this.context });
  }
}

export interface FirefoxBrowser {
  browser: Browser;
  /** The browser's main process (the bench reads its CPU time). */
  pid: number | undefined;
  /** Whether the extension is installed (the bench also runs Firefox without it). */
  withExtension: boolean;
  newPage(): Promise<Page>;
  /** Opens an extension page (e.g. `/popup.html?site=…`) in a new tab, loaded. */
  openExtensionPage(path: string): Promise<ExtensionTab>;
  /** Evaluates an expression in the browser's privileged chrome scope (harness only). */
  chrome(expression: string): Promise<unknown>;
  close(): Promise<void>;
}

export function assertFirefox(): void {
  if (!existsSync(FIREFOX_PATH))
    throw new Error(
      `No Firefox at ${FIREFOX_PATH}: install it (apt-get install -y firefox-esr) or set SHARELEDGER_FIREFOX.`,
    );
}

/**
 * Starts Firefox headless with one WebDriver session shared by Marionette (its chrome context) and
 * puppeteer (BiDi over that session's WebSocket), in a fresh profile with puppeteer's defaults.
 */
async function startFirefox(prefs: Record<string, unknown>): Promise<{
  browser: Browser;
  marionette: MarionetteClient;
  pid: number | undefined;
  close(): Promise<void>;
}> {
  const profile = mkdtempSync(join(tmpdir(), 'shareledger-firefox-'));
  const marionettePort = await freeLoopbackPort();
  await createProfile(BrowserKind.FIREFOX, {
    path: profile,
    // As puppeteer's own launcher: one content process, so input reaches frames.
    preferences: { ...prefs, 'fission.webContentIsolationStrategy': 0, 'marionette.port': marionettePort },
  });
  const firefoxProcess = launch({
    executablePath: FIREFOX_PATH,
    args: [
      '--headless',
      '--no-remote',
      '--profile',
      profile,
      '--remote-debugging-port=0',
      '--marionette',
      // The chrome scope lets the harness open extension pages as the browser UI does.
      '--remote-allow-system-access',
    ],
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  let marionette: MarionetteClient | undefined;
  try {
    await firefoxProcess.waitForLineOutput(WEBDRIVER_BIDI_WEBSOCKET_ENDPOINT_REGEX, 60_000);
    marionette = await MarionetteClient.connect(marionettePort);
    const session = await marionette.openChromeSession();
    const transport = await SessionBoundTransport.open(session.capabilities.webSocketUrl, session);
    const browser = await puppeteer.connect({
      transport,
      protocol: 'webDriverBiDi',
      defaultViewport: { width: 1280, height: 800 },
    });
    const client = marionette;
    return {
      browser,
      marionette: client,
      pid: firefoxProcess.nodeProcess.pid,
      async close() {
        // A headless Firefox busy with held requests can take its time to quit: give it 10 s, then kill it.
        await browser.disconnect().catch(() => undefined);
        await client.send('Marionette:Quit', { flags: ['eForceQuit'] }).catch(() => undefined);
        client.close();
        const exited = firefoxProcess.hasClosed().then(() => 'exited' as const);
        const timer = new Promise<'late'>((done) => setTimeout(() => done('late'), 10_000).unref());
        if ((await Promise.race([exited, timer])) === 'late') firefoxProcess.kill();
        removeProfile();
      },
    };
  } catch (error) {
    marionette?.close();
    firefoxProcess.kill();
    removeProfile();
    throw error;
  }
}

export async function launchFirefox(options: {
  storePort: number;
  withExtension?: boolean;
  extensionDir?: string;
  /** The browser's language, e.g. 'de' (default en-US). */
  locale?: string;
  /** The default picked on the onboarding page, as in cli/browser.ts (default 'allow-all'; 'none' picks nothing). */
  onboardingChoice?: PresetId | 'none';
}): Promise<FirefoxBrowser> {
  const withExtension = options.withExtension ?? true;
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (withExtension && !existsSync(join(extensionDir, 'manifest.json')))
    throw new Error(`No built Firefox extension in ${extensionDir}: run \`npx wxt build -b firefox --mv3\` first.`);
  assertFirefox();
  const proxy = await startLoopbackProxy(options.storePort);
  const firefox = await startFirefox(firefoxPrefs(proxy.port, options.locale ?? 'en-US'));
  const { browser, marionette } = firefox;
  const bidi = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!bidi) throw new Error('puppeteer-core did not expose its WebDriver BiDi connection');
  if (withExtension) await browser.installExtension(extensionDir);

  const chrome = (expression: string): Promise<unknown> => marionette.evaluate(expression);

  async function contentContexts(): Promise<{ context: string; url: string }[]> {
    const { result } = await bidi!.send('browsingContext.getTree', { maxDepth: 0 });
    return (result as { contexts: { context: string; url: string }[] }).contexts;
  }

  const ff: FirefoxBrowser = {
    browser,
    pid: firefox.pid,
    withExtension,
    newPage: () => browser.newPage(),
    chrome,
    async openExtensionPage(path: string) {
      const url = `${EXTENSION_ORIGIN}${path.startsWith('/') ? path : `/${path}`}`;
      const before = new Set((await contentContexts()).map((c) => c.context));
      await chrome(
        `void gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() })`,
      );
      const deadline = Date.now() + 15_000;
      for (;;) {
        const added = (await contentContexts()).find((c) => !before.has(c.context) && c.url === url);
        if (added) {
          const tab = new ExtensionTab(bidi, added.context);
          await tab.waitFor(() => document.readyState === 'complete', []);
          return tab;
        }
        if (Date.now() > deadline) throw new Error(`extension page ${url} did not open`);
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    async close() {
      await firefox.close();
      await proxy.close();
    },
  };
  const choice = options.onboardingChoice ?? 'allow-all';
  if (withExtension && choice !== 'none') await chooseOnOnboardingPage(ff, choice);
  return ff;
}

/** Clicks a preset on the onboarding page (in a tab of our own) and waits until it is stored. */
async function chooseOnOnboardingPage(ff: FirefoxBrowser, preset: PresetId): Promise<void> {
  const tab = await ff.openExtensionPage('/onboarding.html');
  const selector = `button[data-preset="${preset}"]`;
  await tab.waitFor((s: string) => !!document.querySelector(s), [selector], 30_000);
  await tab.evaluate((s: string) => (document.querySelector(s) as HTMLButtonElement).click(), selector);
  await tab.waitFor(
    (s: string) => document.querySelector(s)?.getAttribute('aria-pressed') === 'true',
    [selector],
    30_000,
  );
  await tab.close();
}
