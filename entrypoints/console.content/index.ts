import { startController } from '@/lib/content/controller';
import { CONSOLE_MATCHES, E2E_MATCHES } from '@/lib/adapters/matches';
import { log } from '@/lib/log';

export default defineContentScript({
  // The e2e build (`wxt build --mode e2e`) also runs on loopback pages, where
  // the demo console lives; normal builds only on the seller consoles.
  matches: import.meta.env.MODE === 'e2e' ? [...CONSOLE_MATCHES, ...E2E_MATCHES] : [...CONSOLE_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    // Start when the page is idle so the console's own loading comes first.
    await new Promise<void>((resolve) => ctx.requestIdleCallback(() => resolve(), { timeout: 1000 }));
    if (ctx.isInvalid) return;
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
