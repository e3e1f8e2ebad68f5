import { afterAll, beforeAll } from 'vitest';
import { startDemoServer } from '../../demo-console/server';
import { launchWithExtension, type ExtensionBrowser } from './browser';

export interface DemoSession {
  /** The demo console, served on 127.0.0.1. */
  readonly server: Awaited<ReturnType<typeof startDemoServer>>;
  /** Chromium with the e2e build on a fresh profile, for this test file. */
  readonly browser: ExtensionBrowser;
}

/**
 * Registers the demo server and an extension browser for the calling test file
 * (started before its own beforeAll hooks, closed after everything). Values are
 * read through getters because they exist only once the hooks have run.
 */
export function useDemoSession(): DemoSession {
  let server: DemoSession['server'] | undefined;
  let browser: ExtensionBrowser | undefined;
  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('useDemoSession: the demo server is not started yet (use it inside tests or hooks)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('useDemoSession: the browser is not started yet (use it inside tests or hooks)');
      return browser;
    },
  };
}
