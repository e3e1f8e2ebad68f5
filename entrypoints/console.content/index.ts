import { startController } from '@/lib/content/controller';
import { CONSOLE_MATCHES, E2E_MATCHES } from '@/lib/adapters/matches';
import { log } from '@/lib/log';

export default defineContentScript({
  // Injected by the background at the loader's request (lib/content/loader.ts),
  // never while the console is loading. `matches` only feeds host_permissions;
  // the e2e build (`wxt build --mode e2e`) adds loopback, for the demo console.
  registration: 'runtime',
  matches: import.meta.env.MODE === 'e2e' ? [...CONSOLE_MATCHES, ...E2E_MATCHES] : [...CONSOLE_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    // Once per frame: the loader and a toolbar enable may both inject it.
    const started = globalThis as { __kefuConsoleStarted?: boolean };
    if (started.__kefuConsoleStarted || ctx.isInvalid) return;
    started.__kefuConsoleStarted = true;
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
