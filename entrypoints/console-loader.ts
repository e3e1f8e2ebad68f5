import { afterLoadAndIdle, requestConsoleScript } from '@/lib/content/loader';

/**
 * Listed in the manifest's content_scripts (wxt.config.ts) for the consoles:
 * starts the real content script (entrypoints/console.content) once the page
 * has loaded. An unlisted script rather than a WXT content script so it carries
 * no framework runtime. See lib/content/loader.ts.
 */
export default defineUnlistedScript(async () => {
  await afterLoadAndIdle(window);
  // The raw API object: the polyfill would cost more than this whole script.
  const g = globalThis as { browser?: unknown; chrome?: unknown };
  await requestConsoleScript((g.browser ?? g.chrome) as Parameters<typeof requestConsoleScript>[0]);
});
