import * as z from 'zod/mini';
import { browser } from 'wxt/browser';
import { SidebarLayout } from '../messaging/protocol';

/**
 * User settings live in `browser.storage.local` (extension storage, not the
 * page's): the content script needs a few of them (shortcut, trigger key,
 * per-site layout) and must never open IndexedDB. Every field falls back to its
 * default on its own, so one bad or old value never loses the others.
 */
export const Settings = z.object({
  language: z.catch(z.enum(['auto', 'zh', 'en']), 'auto'),
  /** The agent's name, used as `{{agent}}` and as the author of records. */
  agentName: z.catch(z.string().check(z.maxLength(50)), ''),
  /** The shop name, used as `{{shop}}` when the console does not show one. */
  shopName: z.catch(z.string().check(z.maxLength(80)), ''),
  /**
   * Every shop the agent serves (the workbench's settings lists them; the
   * default one is `shopName`). Added after shopName, so older stored
   * settings read as the one shop they had.
   */
  shops: z.catch(z.array(z.string().check(z.minLength(1), z.maxLength(80))).check(z.maxLength(30)), []),
  /** Key that expands a shortcut code typed in the chat box. */
  triggerKey: z.catch(z.enum(['Tab', 'Space', 'Enter']), 'Tab'),
  /**
   * Toggles the sidebar and focuses its search. Alt+K clashes with none of the
   * consoles' keys (PDD ↑/↓; 飞鸽 Ctrl+F, Alt+F, Ctrl+R, Alt+R, Ctrl+Alt+X) nor
   * with IME toggles (Ctrl+Space, Shift, Ctrl+Shift).
   */
  toggleShortcut: z.catch(z.string().check(z.maxLength(30)), 'Alt+K'),
  defaultLayout: z.catch(SidebarLayout, { width: 360, mode: 'push', collapsed: false }),
  /** The live compliance check of the agent's draft in the console's chat box (a marker by the box). Off by default. */
  draftCheck: z.catch(z.boolean(), false),
  /**
   * Sites switched off in settings: a built-in or custom console by its
   * adapter id, a site enabled at runtime by its pattern (site-switches.ts).
   */
  disabledSites: z.catch(z.array(z.string().check(z.maxLength(300))), []),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = z.parse(Settings, {});

const SETTINGS_KEY = 'settings';
const LAYOUTS_KEY = 'layouts';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  const raw: unknown = stored[SETTINGS_KEY];
  return z.parse(Settings, raw && typeof raw === 'object' ? raw : {});
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = z.parse(Settings, { ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

export function onSettingsChanged(cb: (s: Settings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    const raw = changes[SETTINGS_KEY]?.newValue;
    cb(z.parse(Settings, raw && typeof raw === 'object' ? raw : {}));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/** Per-site sidebar layout (width, mode, collapsed), keyed by host name. */
const Layouts = z.record(z.string(), z.catch(z.optional(SidebarLayout), undefined));

export async function loadLayout(site: string, fallback: SidebarLayout): Promise<SidebarLayout> {
  const stored = await browser.storage.local.get(LAYOUTS_KEY);
  const parsed = z.safeParse(Layouts, stored[LAYOUTS_KEY] ?? {});
  return (parsed.success ? parsed.data[site] : undefined) ?? fallback;
}

export async function saveLayout(site: string, layout: SidebarLayout): Promise<void> {
  const stored = await browser.storage.local.get(LAYOUTS_KEY);
  const parsed = z.safeParse(Layouts, stored[LAYOUTS_KEY] ?? {});
  const all = parsed.success ? parsed.data : {};
  await browser.storage.local.set({ [LAYOUTS_KEY]: { ...all, [site]: z.parse(SidebarLayout, layout) } });
}

/** Resolved UI language: the setting, else the browser's. */
export function resolveLanguage(setting: Settings['language'], browserLang: string): 'zh' | 'en' {
  if (setting !== 'auto') return setting;
  return browserLang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Parses 'Alt+K' / 'Ctrl+Shift+Y' and tells whether a keydown matches it. */
export function matchesShortcut(shortcut: string, e: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'shiftKey' | 'metaKey'>): boolean {
  const parts = shortcut.split('+').map((p) => p.trim().toLowerCase());
  const key = parts.pop();
  if (!key) return false;
  const want = { alt: parts.includes('alt'), ctrl: parts.includes('ctrl'), shift: parts.includes('shift'), meta: parts.includes('meta') };
  if (e.altKey !== want.alt || e.ctrlKey !== want.ctrl || e.shiftKey !== want.shift || e.metaKey !== want.meta) return false;
  // Compare the physical key for letters and digits: with Alt held, `e.key` is
  // a special character on macOS (Alt+K = ˚).
  if (/^[a-z]$/.test(key)) return e.code === `Key${key.toUpperCase()}`;
  if (/^[0-9]$/.test(key)) return e.code === `Digit${key}`;
  return e.key.toLowerCase() === key;
}
