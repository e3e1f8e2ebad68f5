/**
 * `npm start`: serves the built demo console on 127.0.0.1 and opens Debian's
 * Chromium with the e2e build of the extension on it. With a display the
 * browser window is yours to use; without one it runs headless, saves a
 * screenshot of the sidebar over the demo console and keeps serving.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchWithExtension, openSidebar } from '../e2e/support/browser';
import { ROOT } from '../e2e/support/paths';
import { startDemoServer } from './server';

const port = Number(process.env.PORT ?? 5178);
const server = await startDemoServer({ port });
const start = `${server.url}/demo/feige/`;
console.log(`Demo console: ${server.url}/  (first console: ${start})`);

const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-demo-'));
const browser = await launchWithExtension({ userDataDir, headless: !headed });
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.goto(start);
await openSidebar(page, browser.extensionId);

if (headed) {
  console.log('Chromium is open with the extension. Close the window or press Ctrl+C to stop.');
  browser.context.on('close', () => void server.close().then(() => process.exit(0)));
} else {
  const shot = path.join(ROOT, '.output/demo-console.png');
  await page.screenshot({ path: shot });
  console.log(`No display: Chromium runs headless. Screenshot of the sidebar on the demo console: ${shot}`);
  console.log('The demo console keeps serving; press Ctrl+C to stop.');
}

const stop = async () => {
  await browser.close().catch(() => undefined);
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
