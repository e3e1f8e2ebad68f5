import { useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { zh } from '@/lib/i18n/messages';
import { loadCustomSites, saveCustomSite } from '@/lib/settings/custom-sites';
import { DEFAULT_SETTINGS, loadSettings, onSettingsChanged, saveSettings, type Settings } from '@/lib/settings/settings';
import { render, typeInto, type Rendered } from '@/components/sidebar/render-testing';
import { SettingsPage } from './SettingsPage';
import { until } from './testing-seed';

let view: Rendered | undefined;
let sent: Array<{ type: string; payload: unknown }>;
let testAnswer: unknown;

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  testAnswer = { kind: 'no-tab' };
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const { type, payload } = message as { type: string; payload: unknown };
    sent.push({ type, payload });
    return Promise.resolve({ ok: true, data: type === 'testSelectorsOnSite' ? testAnswer : {} });
  });
});
afterEach(() => {
  view?.unmount();
  view = undefined;
});

/** The page with settings that follow storage, as the workbench's root gives them. */
function Live({ initial }: { initial: Settings }) {
  const [settings, setSettings] = useState(initial);
  useEffect(() => onSettingsChanged(setSettings), []);
  return <SettingsPage settings={settings} />;
}

async function show(settings: Settings = DEFAULT_SETTINGS) {
  view = render(<Live initial={settings} />);
  const shown = view;
  await until(() => expect(shown.all('settings-page')).toHaveLength(1));
  return shown;
}
const select = (el: HTMLElement, value: string) => {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
};
const keydown = (el: HTMLElement, init: KeyboardEventInit) => el.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

describe('SettingsPage', () => {
  it('saves the agent, the shops with their default, the language and the sidebar width', async () => {
    const view = await show(await saveSettings({ shopName: '鹿鹿旗舰店' }));
    // Older settings had one shop: it is listed as the default.
    expect(view.all('settings-shop').map((i) => (i as HTMLInputElement).value)).toEqual(['鹿鹿旗舰店']);
    typeInto(view.one('settings-agent'), '  小周 ');
    view.one('settings-shop-add').click();
    await until(() => expect(view.all('settings-shop')).toHaveLength(2));
    typeInto(view.all('settings-shop')[1]!, '鹿鹿童装店');
    (view.all('settings-shop')[1]!.parentElement!.querySelector('input[type="radio"]') as HTMLInputElement).click();
    select(view.one('settings-language'), 'en');
    select(view.one('settings-mode'), 'overlay');
    typeInto(view.one('settings-width'), '420');
    view.one('settings-save').click();
    await until(() => expect(view.one('settings-status').textContent).toBe(zh['settings.saved']));
    expect(await loadSettings()).toMatchObject({
      agentName: '小周',
      shops: ['鹿鹿旗舰店', '鹿鹿童装店'],
      shopName: '鹿鹿童装店',
      language: 'en',
      defaultLayout: { width: 420, mode: 'overlay', collapsed: false },
    });
  });

  it('shows what to fix and saves nothing while a field is wrong', async () => {
    const view = await show();
    typeInto(view.one('settings-width'), '90');
    view.one('settings-shop-add').click();
    view.one('settings-shop-add').click();
    await until(() => expect(view.all('settings-shop')).toHaveLength(2));
    typeInto(view.all('settings-shop')[0]!, '同名店');
    typeInto(view.all('settings-shop')[1]!, '同名店');
    view.one('settings-save').click();
    await until(() => expect(view.all('settings-status').map((e) => e.textContent)).toEqual([zh['wbs.fixErrors']]));
    expect(view.one('settings-error-width').textContent).toBe(zh['wbs.error.width-range'].replace('{min}', '280').replace('{maxWidth}', '720'));
    expect(view.one('settings-error-shops').textContent).toBe(zh['wbs.error.shop-duplicate']);
    expect(await fakeBrowser.storage.local.get('settings')).toEqual({});
  });

  it('records the shortcut from a key press, refuses editing keys, names conflicts', async () => {
    const view = await show();
    const field = view.one('settings-shortcut') as HTMLInputElement;
    keydown(field, { key: 'c', code: 'KeyC', ctrlKey: true });
    await until(() => expect(field.value).toBe('Ctrl+C'));
    expect(view.one('settings-shortcut-problem').textContent).toBe(zh['wbs.error.shortcut-reserved']);
    keydown(field, { key: 'f', code: 'KeyF', altKey: true });
    await until(() => expect(field.value).toBe('Alt+F'));
    expect(view.all('settings-shortcut-problem')).toHaveLength(0);
    expect(view.one('settings-shortcut-conflict').textContent).toBe(zh['wbs.shortcut.conflict'].replace('{owner}', zh['wbs.owner.feige']));
    keydown(field, { key: 'Alt', code: 'AltLeft', altKey: true });
    expect(field.value).toBe('Alt+F');
    keydown(field, { key: 'Backspace', code: 'Backspace' });
    await until(() => expect(field.value).toBe(''));
    keydown(field, { key: '˚', code: 'KeyK', altKey: true, shiftKey: true });
    await until(() => expect(field.value).toBe('Alt+Shift+K'));
    view.one('settings-save').click();
    await until(() => expect(view.one('settings-status').textContent).toBe(zh['settings.saved']));
    expect((await loadSettings()).toggleShortcut).toBe('Alt+Shift+K');
  });

  it('switches sites off and on: built-in consoles, sites enabled from the popup, custom sites', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    await saveCustomSite({ id: 'custom-mall-example-com', name: '自建商城', matches: ['https://mall.example.com/*'], replySelector: '#chat' });
    const settings = await saveSettings({ disabledSites: ['etsy'] });
    const view = await show(settings);
    await until(() => expect(view.all('custom-site-row')).toHaveLength(1));
    const feige = view.one('site-switch-feige') as HTMLInputElement;
    expect(feige.checked).toBe(true);
    expect((view.one('site-switch-etsy') as HTMLInputElement).checked).toBe(false);
    feige.click();
    (view.one('site-switch-https://shop.example.com/*') as HTMLInputElement).click();
    (view.one('site-switch-custom-mall-example-com') as HTMLInputElement).click();
    await until(async () => expect((await loadSettings()).disabledSites).toEqual(['etsy', 'feige', 'https://shop.example.com/*', 'custom-mall-example-com']));
    await until(() => expect((view.one('site-switch-feige') as HTMLInputElement).checked).toBe(false));
    (view.one('site-switch-etsy') as HTMLInputElement).click();
    await until(async () => expect((await loadSettings()).disabledSites).toEqual(['feige', 'https://shop.example.com/*', 'custom-mall-example-com']));
    await until(() => expect((view.one('site-switch-etsy') as HTMLInputElement).checked).toBe(true));
  });

  it('removes a site enabled from the popup and gives its permission back', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*', 'https://b.example.com/*'] });
    const remove = vi.fn(async () => true);
    (browser.permissions as unknown as { remove: unknown }).remove = remove;
    const view = await show();
    await until(() => expect(view.all('site-row').filter((r) => r.textContent?.includes('shop.example.com'))).toHaveLength(1));
    const row = view.all('site-row').find((r) => r.textContent?.includes('shop.example.com'))!;
    row.querySelector<HTMLButtonElement>('button.danger')!.click();
    await until(() => expect(view.all('site-row').filter((r) => r.textContent?.includes('example.com'))).toHaveLength(1));
    expect(await fakeBrowser.storage.local.get('enabledSites')).toEqual({ enabledSites: ['https://b.example.com/*'] });
    expect(remove).toHaveBeenCalledWith({ origins: ['https://shop.example.com/*'] });
  });

  it('adds a custom site: tested in an open tab through the background, permission asked on save', async () => {
    const request = vi.fn(async () => true);
    (browser.permissions as unknown as { request: unknown }).request = request;
    const view = await show();
    view.one('custom-site-add').click();
    await until(() => expect(view.all('custom-site-form')).toHaveLength(1));
    typeInto(view.one('custom-name'), '自建商城');
    typeInto(view.one('custom-pattern'), 'https://mall.example.com/chat/*');
    typeInto(view.one('custom-reply'), '#chat');
    typeInto(view.one('custom-buyer'), '.buyer');
    typeInto(view.one('custom-order'), '.order');

    view.one('custom-test').click();
    await until(() => expect(view.one('custom-message').textContent).toBe(zh['custom.test.noTab']));
    expect(sent).toEqual([
      { type: 'testSelectorsOnSite', payload: { matches: ['https://mall.example.com/chat/*'], selectors: { replySelector: '#chat', buyerSelector: '.buyer', orderSelector: '.order' } } },
    ]);

    testAnswer = { kind: 'tested', tabTitle: '商城客服', invalid: [], replyFound: true, buyer: '小鹿' };
    view.one('custom-test').click();
    await until(() => expect(view.one('custom-reply-found').dataset.found).toBe('yes'));
    expect(view.one('custom-buyer-found').dataset.found).toBe('yes');
    expect(view.one('custom-order-found').dataset.found).toBe('no');
    expect(view.all('custom-shop-found')).toHaveLength(0);
    expect(view.one('custom-message').textContent).toBe(zh['custom.test.on'].replace('{title}', '商城客服'));

    view.one('custom-save').click();
    expect(request).toHaveBeenCalledWith({ origins: ['https://mall.example.com/*'] });
    await until(() => expect(view.all('custom-site-row')).toHaveLength(1));
    expect(await loadCustomSites()).toEqual([
      { id: 'custom-mall-example-com', name: '自建商城', matches: ['https://mall.example.com/chat/*'], replySelector: '#chat', buyerSelector: '.buyer', orderSelector: '.order' },
    ]);
    expect(await fakeBrowser.storage.local.get('enabledSites')).toEqual({ enabledSites: ['https://mall.example.com/*'] });
  });

  it('a custom site with a bad pattern is not saved, and says why', async () => {
    const view = await show();
    view.one('custom-site-add').click();
    await until(() => expect(view.all('custom-site-form')).toHaveLength(1));
    typeInto(view.one('custom-name'), '自建商城');
    typeInto(view.one('custom-pattern'), 'mall.example.com');
    typeInto(view.one('custom-reply'), '#chat');
    view.one('custom-save').click();
    await until(() => expect(view.container.textContent).toContain(zh['custom.error.invalid-match-pattern']));
    expect(await loadCustomSites()).toEqual([]);
  });

  it('links to the data page', async () => {
    const view = await show();
    expect(view.one('settings-data-link').getAttribute('href')).toBe('#/data');
  });
});
