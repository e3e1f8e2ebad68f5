import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { checkDraft, draftOf, shopsOf } from './settings-form';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './settings';

beforeEach(() => fakeBrowser.reset());

describe('settings form', () => {
  it('reads settings stored before the shop list as their one shop', async () => {
    await fakeBrowser.storage.local.set({ settings: { agentName: '小王', shopName: '鹿鹿旗舰店', toggleShortcut: 'Alt+K' } });
    const s = await loadSettings();
    expect(s.shops).toEqual([]);
    expect(s.disabledSites).toEqual([]);
    expect(shopsOf(s)).toEqual(['鹿鹿旗舰店']);
    expect(draftOf(s)).toMatchObject({ agentName: '小王', shops: ['鹿鹿旗舰店'], defaultShop: '鹿鹿旗舰店', width: '360', shortcut: 'Alt+K' });
  });

  it('drops a corrupted shop list or switch list alone, keeping the rest', async () => {
    await fakeBrowser.storage.local.set({ settings: { agentName: '小王', shops: ['a', 7], disabledSites: 'feige' } });
    const s = await loadSettings();
    expect(s).toMatchObject({ agentName: '小王', shops: [], disabledSites: [] });
  });

  it('saves a valid draft: trimmed, blank shops dropped, the default one of the shops, the shortcut spelled one way', async () => {
    const draft = { ...draftOf(DEFAULT_SETTINGS), agentName: ' 小李 ', shops: [' 鹿鹿旗舰店', '', '鹿鹿童装店 '], defaultShop: '鹿鹿童装店 ', width: '420', mode: 'overlay' as const, shortcut: 'alt+shift+j' };
    const checked = checkDraft(draft, DEFAULT_SETTINGS);
    expect(checked).toEqual({
      ok: true,
      patch: {
        agentName: '小李',
        shops: ['鹿鹿旗舰店', '鹿鹿童装店'],
        shopName: '鹿鹿童装店',
        language: 'auto',
        triggerKey: 'Tab',
        defaultLayout: { width: 420, mode: 'overlay', collapsed: false },
        toggleShortcut: 'Alt+Shift+J',
      },
    });
    if (!checked.ok) throw new Error('unreachable');
    expect(await saveSettings(checked.patch)).toMatchObject({ shopName: '鹿鹿童装店', toggleShortcut: 'Alt+Shift+J' });
  });

  it('falls back to the first shop when the default was removed, and to none without shops', () => {
    const base = draftOf(DEFAULT_SETTINGS);
    const a = checkDraft({ ...base, shops: ['甲店', '乙店'], defaultShop: '丙店' }, DEFAULT_SETTINGS);
    expect(a.ok && a.patch.shopName).toBe('甲店');
    const b = checkDraft({ ...base, shops: [], defaultShop: '丙店' }, DEFAULT_SETTINGS);
    expect(b.ok && b.patch.shopName).toBe('');
  });

  it('says what to fix, field by field, and saves nothing', () => {
    const base = draftOf(DEFAULT_SETTINGS);
    const checked = checkDraft({ ...base, agentName: '名'.repeat(51), shops: ['甲店', '甲店 '], width: '900', shortcut: 'Ctrl+C' }, DEFAULT_SETTINGS);
    expect(checked).toEqual({ ok: false, errors: { agentName: 'agent-too-long', shops: 'shop-duplicate', width: 'width-range', shortcut: 'shortcut-reserved' } });
    expect(checkDraft({ ...base, width: '300.5' }, DEFAULT_SETTINGS)).toEqual({ ok: false, errors: { width: 'width-range' } });
    expect(checkDraft({ ...base, width: '' }, DEFAULT_SETTINGS)).toEqual({ ok: false, errors: { width: 'width-range' } });
    expect(checkDraft({ ...base, shops: ['店'.repeat(81)] }, DEFAULT_SETTINGS)).toEqual({ ok: false, errors: { shops: 'shop-too-long' } });
    expect(checkDraft({ ...base, shortcut: 'J' }, DEFAULT_SETTINGS)).toEqual({ ok: false, errors: { shortcut: 'shortcut-needs-modifier' } });
  });
});
