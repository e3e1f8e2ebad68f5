import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/paths';

/**
 * The Firefox build (MV2) comes out of `wxt zip -b firefox` with the same
 * product: the same pages, the background as event scripts, no manifest
 * content script (the background injects it), the permissions the features
 * use. No Firefox runs here (CI has Debian's Chromium only); this keeps the
 * build itself from breaking unnoticed.
 */
const OUT = path.join(ROOT, '.output/firefox-mv2');

describe('Firefox build', () => {
  it('builds and zips an MV2 extension with every page and permission', { timeout: 180_000 }, () => {
    execFileSync('npm', ['run', '--silent', 'zip:firefox'], { cwd: ROOT, stdio: 'pipe' });
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const zip = path.join(ROOT, `.output/kefu-sidebar-${version}-firefox.zip`);
    expect(existsSync(zip), `${zip} should exist after npm run zip:firefox`).toBe(true);
    expect(statSync(zip).size).toBeGreaterThan(10_000);

    const manifest = JSON.parse(readFileSync(path.join(OUT, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.permissions).toEqual(expect.arrayContaining(['storage', 'scripting', 'alarms', 'notifications', 'contextMenus', 'https://im.jinritemai.com/*']));
    expect(manifest.optional_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(manifest.browser_action).toMatchObject({ default_popup: 'popup.html', default_title: '__MSG_actionTitle__' });
    for (const file of ['sidebar.html', 'popup.html', 'background.js', 'content-scripts/console.js', 'draft-check.js', '_locales/zh_CN/messages.json', '_locales/en/messages.json']) {
      expect(existsSync(path.join(OUT, file)), `${file} in the Firefox build`).toBe(true);
    }
  });
});
