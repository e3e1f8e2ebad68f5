import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, loadLayout, loadSettings, matchesShortcut, resolveLanguage, saveLayout, saveSettings } from './settings';

beforeEach(() => fakeBrowser.reset());

describe('settings', () => {
  it('defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.toggleShortcut).toBe('Alt+K');
  });

  it('keeps good fields when one stored field is bad (old or corrupted data)', async () => {
    await fakeBrowser.storage.local.set({ settings: { agentName: '小王', triggerKey: 'F13', language: 42 } });
    const s = await loadSettings();
    expect(s.agentName).toBe('小王');
    expect(s.triggerKey).toBe('Tab');
    expect(s.language).toBe('auto');
  });

  it('accepts each trigger key the settings form offers', async () => {
    for (const triggerKey of ['Tab', 'Space', 'Enter'] as const) {
      await saveSettings({ triggerKey });
      expect((await loadSettings()).triggerKey).toBe(triggerKey);
    }
  });

  it('saves a patch over the current settings', async () => {
    await saveSettings({ agentName: '小王' });
    await saveSettings({ shopName: '鹿鹿旗舰店' });
    expect(await loadSettings()).toMatchObject({ agentName: '小王', shopName: '鹿鹿旗舰店' });
  });

  it('remembers the layout per site and ignores a corrupted entry', async () => {
    const fallback = DEFAULT_SETTINGS.defaultLayout;
    await saveLayout('im.jinritemai.com', { width: 420, mode: 'overlay', collapsed: true });
    expect(await loadLayout('im.jinritemai.com', fallback)).toEqual({ width: 420, mode: 'overlay', collapsed: true });
    expect(await loadLayout('mms.pinduoduo.com', fallback)).toEqual(fallback);
    await fakeBrowser.storage.local.set({ layouts: { 'a.example': { width: 'wide' }, 'b.example': { width: 300, mode: 'push', collapsed: false } } });
    expect(await loadLayout('a.example', fallback)).toEqual(fallback);
    expect(await loadLayout('b.example', fallback)).toEqual({ width: 300, mode: 'push', collapsed: false });
  });

  it('resolves the language from the browser when set to auto', () => {
    expect(resolveLanguage('auto', 'zh-CN')).toBe('zh');
    expect(resolveLanguage('auto', 'en-US')).toBe('en');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
  });

  it('matches shortcuts on the physical key, with exact modifiers', () => {
    const ev = (o: Partial<KeyboardEvent>) => ({ key: '', code: '', altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, ...o });
    expect(matchesShortcut('Alt+K', ev({ key: '˚', code: 'KeyK', altKey: true }))).toBe(true);
    expect(matchesShortcut('Alt+K', ev({ key: 'k', code: 'KeyK', altKey: true, ctrlKey: true }))).toBe(false);
    expect(matchesShortcut('Alt+K', ev({ key: 'k', code: 'KeyK' }))).toBe(false);
    expect(matchesShortcut('Ctrl+Shift+Y', ev({ key: 'Y', code: 'KeyY', ctrlKey: true, shiftKey: true }))).toBe(true);
  });
});
