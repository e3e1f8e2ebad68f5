import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3-e2e');
export const DEMO_DIST = path.join(ROOT, '.output/demo-console');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
