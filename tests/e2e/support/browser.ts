import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR } from './paths';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

/**
 * Playwright starts Chromium with `--disable-features=…,ThirdPartyStoragePartitioning,…`
 * (microsoft/playwright#32230). Chromium's own default has partitioning on, and
 * with it a framed `chrome-extension://` page keeps its IndexedDB when third-party
 * cookies are blocked (as in a new Debian Chromium profile). Without it, our
 * sidebar frame would be denied its storage in tests only. The flag's value
 * changes with Playwright releases, so it is read from a real launch, once per
 * process, and passed again minus that one feature (Chromium takes the last
 * occurrence of a switch).
 */
let playwrightFeatureFlag: Promise<string | null> | undefined;
function playwrightDisabledFeatures(): Promise<string | null> {
  playwrightFeatureFlag ??= (async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--enable-automation'] });
    try {
      const cdp = await browser.newBrowserCDPSession();
      const { arguments: argv } = await cdp.send('Browser.getBrowserCommandLine');
      return argv.find((a) => a.startsWith('--disable-features=')) ?? null;
    } finally {
      await browser.close();
    }
  })();
  return playwrightFeatureFlag;
}

/** Chromium's defaults back, for the features the product relies on. */
async function featureArgs(): Promise<{ ignore: string[]; args: string[] }> {
  const flag = await playwrightDisabledFeatures();
  if (!flag || !flag.includes('ThirdPartyStoragePartitioning')) return { ignore: [], args: [] };
  const kept = flag
    .slice('--disable-features='.length)
    .split(',')
    .filter((f) => f && f !== 'ThirdPartyStoragePartitioning');
  return { ignore: [flag], args: [`--disable-features=${kept.join(',')}`] };
}

/**
 * Debian's Chromium in new headless mode with the e2e build loaded, on a fresh
 * profile (or `userDataDir` to reopen one: notes and replies must survive a
 * browser restart), with the profile's defaults: a new Debian Chromium profile
 * blocks third-party cookies. `prefs` seeds a new profile's Preferences (e.g.
 * "block all cookies"). `extensionDir: null` launches the same browser and
 * profile setup without the extension, for with/without comparisons. No network
 * but loopback is used by the tests.
 */
export async function launchWithExtension(
  opts: { userDataDir?: string; extensionDir?: string | null; headless?: boolean; prefs?: Record<string, unknown> } = {},
): Promise<ExtensionBrowser> {
  const headless = opts.headless ?? true;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'kefu-e2e-')));
  const extensionDir = opts.extensionDir === undefined ? EXTENSION_DIR : opts.extensionDir;
  const prefs = path.join(userDataDir, 'Default', 'Preferences');
  if (opts.prefs && !existsSync(prefs)) {
    await mkdir(path.dirname(prefs), { recursive: true });
    await writeFile(prefs, JSON.stringify(opts.prefs));
  }
  const features = await featureArgs();
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    ignoreDefaultArgs: [...(extensionDir ? ['--disable-extensions'] : []), ...features.ignore],
    args: [
      ...(headless ? ['--headless=new'] : []),
      ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
      ...features.args,
    ],
    viewport: { width: 1400, height: 900 },
    locale: 'zh-CN',
  });
  let extensionId = '';
  if (extensionDir) {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker', { timeout: 20_000 });
    extensionId = new URL(worker.url()).host;
  }
  return {
    context,
    extensionId,
    userDataDir,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The sidebar iframe (an out-of-process extension frame) of `page`. */
export async function sidebarFrame(page: Page, extensionId: string, timeout = 10_000): Promise<Frame> {
  const prefix = `chrome-extension://${extensionId}/sidebar.html`;
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().startsWith(prefix));
    if (frame) {
      await frame.waitForSelector('[data-testid="reply-search"]', { timeout: Math.max(1000, deadline - Date.now()) });
      return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error('The sidebar frame did not appear');
}

/** Opens the sidebar if it is collapsed (clicks the edge tab) and returns its frame. */
export async function openSidebar(page: Page, extensionId: string): Promise<Frame> {
  const launcher = page.locator('[data-testid="sidebar-launcher"]');
  await launcher.waitFor({ state: 'attached', timeout: 10_000 });
  // A sidebar left open on this site opens by itself once the page is idle,
  // hiding the edge tab, possibly between our check and our click: clicking
  // it opens (never toggles), and a click that finds it hidden is fine.
  if (await launcher.isVisible()) await launcher.click({ timeout: 2000 }).catch(() => undefined);
  return sidebarFrame(page, extensionId);
}
