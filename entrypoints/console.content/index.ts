import { startController } from '@/lib/content/controller';
import { CONSOLE_MATCHES, E2E_MATCHES } from '@/lib/adapters/matches';
import { log } from '@/lib/log';
import { consoleRunning, markConsoleRunning } from '@/lib/content/running';

export default defineContentScript({
  // Injected by the background once a console tab has loaded
  // (lib/background/console-injection.ts), never while it loads. `matches`
  // only feeds host_permissions; the e2e build adds loopback, for the demo console.
  registration: 'runtime',
  // WXT would name the bundle's global after the entrypoint, `var console = …`,
  // shadowing the console object for everything the content script logs.
  globalName: false,
  matches: import.meta.env.MODE === 'e2e' ? [...CONSOLE_MATCHES, ...E2E_MATCHES] : [...CONSOLE_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    // Once per frame (the background may inject again, e.g. after an SPA
    // navigation); a copy orphaned by an extension update does not count.
    if (consoleRunning() || ctx.isInvalid) return;
    markConsoleRunning(() => !ctx.isInvalid);
    try {
      const controller = await startController({
        win: window,
        allowDemoPaths: import.meta.env.MODE === 'e2e',
        sidebarUrl: browser.runtime.getURL('/sidebar.html'),
        onInvalidated: (cb) => ctx.onInvalidated(cb),
      });
      // SPA consoles switch conversations without reloading.
      ctx.addEventListener(window, 'wxt:locationchange', () => controller.refresh());
    } catch (err) {
      log.error('content script failed to start', err);
    }
  },
});
