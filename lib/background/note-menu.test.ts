import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONSOLE_MATCHES } from '../adapters/matches';
import { saveSettings } from '../settings/settings';
import { installNoteMenu, NOTE_MENU_ID, noteMenuPatterns, onNoteMenuClicked, registerNoteMenu } from './note-menu';
import { ENABLED_SITES_KEY } from './sites';

/*
 * The context menu's "save to customer notes". fakeBrowser has no
 * contextMenus, so create/removeAll are recorded here; tabs.sendMessage is
 * spied as the content script's answer. The test runner is not the e2e build:
 * loopback pages are ordinary sites here.
 */
type CreateProps = { id: string; title: string; contexts: string[]; documentUrlPatterns: string[] };
let created: CreateProps[];
let stop: (() => void) | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  created = [];
  const menus = fakeBrowser.contextMenus as unknown as Record<string, unknown>;
  menus.removeAll = vi.fn(async () => {
    created = [];
  });
  menus.create = vi.fn((props: CreateProps, done?: () => void) => {
    if (created.some((c) => c.id === props.id)) throw new Error(`Cannot create item with duplicate id ${props.id}`);
    created.push(props);
    done?.();
    return props.id;
  });
  menus.onClicked = { addListener: vi.fn(), removeListener: vi.fn() };
  await saveSettings({ language: 'zh' });
});
afterEach(() => {
  stop?.();
  stop = undefined;
  vi.restoreAllMocks();
});

const PDD = 'https://mms.pinduoduo.com/chat-merchant/index.html';
const answer = (delivered: boolean) => ({ ok: true, data: { delivered } });

describe('note menu: the item', () => {
  it('shows on text selections in the consoles, titled in the sidebar language', async () => {
    await installNoteMenu();
    expect(created).toEqual([{ id: NOTE_MENU_ID, title: '保存到客户备注', contexts: ['selection'], documentUrlPatterns: [...CONSOLE_MATCHES] }]);
  });

  it('is rebuilt when the language or the enabled sites change', async () => {
    stop = registerNoteMenu();
    await vi.waitFor(() => expect(created.map((c) => c.title)).toEqual(['保存到客户备注']));
    await saveSettings({ language: 'en' });
    await vi.waitFor(() => expect(created.map((c) => c.title)).toEqual(['Save to customer notes']));
    await fakeBrowser.storage.local.set({ [ENABLED_SITES_KEY]: ['https://shop.example.com/*'] });
    await vi.waitFor(() => expect(created[0]?.documentUrlPatterns).toContain('https://shop.example.com/*'));
    expect(created).toEqual([
      { id: NOTE_MENU_ID, title: 'Save to customer notes', contexts: ['selection'], documentUrlPatterns: [...CONSOLE_MATCHES, 'https://shop.example.com/*'] },
    ]);
  });

  it('adds loopback only in the e2e build', () => {
    expect(noteMenuPatterns([], false)).not.toContain('http://127.0.0.1/*');
    expect(noteMenuPatterns([], true)).toContain('http://127.0.0.1/*');
  });
});

describe('note menu: a click', () => {
  it('hands the selected text to the console tab’s content script', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(answer(true));
    expect(await onNoteMenuClicked({ menuItemId: NOTE_MENU_ID, selectionText: '买家说 9 号前要收到' }, { id: 7, url: PDD })).toBe(true);
    expect(send).toHaveBeenCalledWith(7, { channel: 'kefu', type: 'captureToNotes', payload: { text: '买家说 9 号前要收到' } }, { frameId: 0 });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('ignores other items and pages the sidebar may not be on', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(answer(true));
    expect(await onNoteMenuClicked({ menuItemId: 'other', selectionText: 'x' }, { id: 7, url: PDD })).toBe(false);
    expect(await onNoteMenuClicked({ menuItemId: NOTE_MENU_ID, selectionText: 'x' }, { id: 8, url: 'https://news.example.com/' })).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });

  it('starts the content script in a console opened before the extension, then delivers', async () => {
    let listening = false;
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => {
      if (!listening) throw new Error('Could not establish connection. Receiving end does not exist.');
      return answer(true);
    });
    const executeScript = vi.fn(async (details: { files?: string[] }) => {
      if (details.files) listening = true;
      return [{ result: true }];
    });
    (fakeBrowser.scripting as unknown as { executeScript: unknown }).executeScript = executeScript;
    expect(await onNoteMenuClicked({ menuItemId: NOTE_MENU_ID, selectionText: '换货' }, { id: 7, url: PDD })).toBe(true);
    expect(executeScript).toHaveBeenCalled();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('says so in a notification when the sidebar did not take the text', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(answer(false));
    expect(await onNoteMenuClicked({ menuItemId: NOTE_MENU_ID, selectionText: '换货' }, { id: 7, url: PDD })).toBe(false);
    const shown = (await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string }>;
    expect(Object.values(shown)).toEqual([expect.objectContaining({ title: '保存到客户备注', message: '没能打开侧边栏保存备注：请重新加载页面后再试。' })]);
  });
});
