/**
 * The sidebar's toggle shortcut as the agent records it in settings: read
 * from a key press, checked, and compared with the keys the browser, the
 * input methods and the consoles already use. The content script matches it
 * with matchesShortcut (settings.ts), on the physical key for letters and digits.
 */

const MODIFIERS = ['Ctrl', 'Alt', 'Shift', 'Meta'] as const;
type Modifier = (typeof MODIFIERS)[number];

/**
 * Keys a shortcut may end with: letters, digits, F1–F12. Not Space, Period or
 * Shift alone: input methods (搜狗, 微软拼音) switch language and width on
 * Ctrl+Space, Shift+Space, Ctrl+Period and Shift.
 */
const KEY = /^(?:[A-Z]|[0-9]|F(?:[1-9]|1[0-2]))$/;

/** Who else uses a key combination; the settings page names them. */
export type ShortcutOwner = 'browser' | 'editing' | 'feige' | 'pinduoduo' | 'jd-dongdong' | 'taobao';

/**
 * Combinations taken by someone else, one comment per source. `editing` ones
 * are refused outright (the agent needs them in the chat box); the others
 * are shown as conflicts and may still be chosen.
 */
const TAKEN: readonly { keys: string; by: ShortcutOwner }[] = [
  // Text editing in every chat box.
  ...['Ctrl+A', 'Ctrl+C', 'Ctrl+V', 'Ctrl+X', 'Ctrl+Z', 'Ctrl+Y', 'Ctrl+Shift+Z', 'Meta+A', 'Meta+C', 'Meta+V', 'Meta+X', 'Meta+Z', 'Meta+Shift+Z'].map((keys) => ({ keys, by: 'editing' as const })),
  // Chromium's own: tabs, windows, address bar, menu, find, print, save, history, downloads.
  ...['Ctrl+T', 'Ctrl+W', 'Ctrl+N', 'Ctrl+Shift+T', 'Ctrl+Shift+N', 'Ctrl+Shift+W', 'Ctrl+L', 'Alt+D', 'Alt+E', 'Ctrl+D', 'Ctrl+P', 'Ctrl+S', 'Ctrl+H', 'Ctrl+J', 'Ctrl+R', 'Ctrl+U', 'Ctrl+Shift+I', 'Ctrl+Shift+J', 'Ctrl+Shift+B', 'Ctrl+Shift+Delete', 'F5', 'F11', 'F12'].map((keys) => ({ keys, by: 'browser' as const })),
  // 抖店飞鸽: search chats, quick phrases, transfer, refresh, close session.
  ...['Ctrl+F', 'Alt+F', 'Alt+R', 'Ctrl+Alt+X'].map((keys) => ({ keys, by: 'feige' as const })),
  // 拼多多 商家后台 chat: Alt+S switches shops.
  { keys: 'Alt+S', by: 'pinduoduo' as const },
  // 京东咚咚: Alt+S sends, Ctrl+Alt+Z screenshots.
  { keys: 'Alt+S', by: 'jd-dongdong' as const },
  { keys: 'Ctrl+Alt+Z', by: 'jd-dongdong' as const },
  // 千牛 web: Ctrl+Alt+A screenshot (desktop client hotkey, also caught in its web views).
  { keys: 'Ctrl+Alt+A', by: 'taobao' as const },
];

export type ShortcutProblem = 'empty' | 'needs-modifier' | 'unsupported-key' | 'reserved';

export interface ShortcutCheck {
  /** The shortcut in its one spelling (`Ctrl+Shift+Y`), when it parses. */
  normalized?: string;
  /** Why it cannot be used; absent when it can. */
  problem?: ShortcutProblem;
  /** Others that use the same keys (never `editing`: that is a problem). */
  conflicts: ShortcutOwner[];
}

function normalize(parts: string[]): { mods: Modifier[]; key: string } | null {
  const mods = new Set<Modifier>();
  let key: string | undefined;
  for (const raw of parts) {
    const p = raw.trim();
    const mod = MODIFIERS.find((m) => m.toLowerCase() === p.toLowerCase() || (m === 'Ctrl' && p.toLowerCase() === 'control') || (m === 'Meta' && /^(cmd|command)$/i.test(p)));
    if (mod) mods.add(mod);
    else if (key === undefined && p) key = p.toUpperCase();
    else return null;
  }
  if (key === undefined) return null;
  return { mods: MODIFIERS.filter((m) => mods.has(m)), key };
}

/** Checks a typed or recorded shortcut such as `alt+k` or `Ctrl+Shift+Y`. */
export function checkShortcut(text: string): ShortcutCheck {
  if (!text.trim()) return { problem: 'empty', conflicts: [] };
  const parsed = normalize(text.split('+'));
  if (!parsed || !KEY.test(parsed.key)) return { problem: 'unsupported-key', conflicts: [] };
  const normalized = [...parsed.mods, parsed.key].join('+');
  // A letter or digit with no modifier but Shift is typing; F-keys may stand alone.
  const typing = !parsed.mods.some((m) => m !== 'Shift') && !parsed.key.startsWith('F');
  if (typing) return { normalized, problem: 'needs-modifier', conflicts: [] };
  const owners = TAKEN.filter((t) => t.keys === normalized).map((t) => t.by);
  if (owners.includes('editing')) return { normalized, problem: 'reserved', conflicts: [] };
  return { normalized, conflicts: [...new Set(owners)] };
}

/**
 * The shortcut a keydown spells, for the recorder field; null while only
 * modifiers are held or for keys a shortcut cannot end with. Reads the
 * physical key for letters and digits (Alt+K gives `˚` in e.key on macOS).
 */
export function shortcutFromEvent(e: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'shiftKey' | 'metaKey'>): string | null {
  let key: string | undefined;
  if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (/^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (/^F(?:[1-9]|1[0-2])$/.test(e.key)) key = e.key;
  if (!key) return null;
  const mods = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift', e.metaKey && 'Meta'].filter(Boolean);
  return [...mods, key].join('+');
}
