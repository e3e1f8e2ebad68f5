import type { Settings } from './settings';
import { checkShortcut, type ShortcutProblem } from './shortcut';

/**
 * The workbench's settings form as the agent fills it in (strings as typed),
 * and its check: either a patch for saveSettings or, per field, what to fix.
 * Nothing is saved while any field is wrong.
 */
export interface SettingsDraft {
  agentName: string;
  /** One entry per shop row, as typed (blank rows are dropped). */
  shops: string[];
  /** The shop used for {{shop}} when the console shows none (settings.shopName). */
  defaultShop: string;
  language: Settings['language'];
  triggerKey: Settings['triggerKey'];
  mode: Settings['defaultLayout']['mode'];
  width: string;
  shortcut: string;
}

export const AGENT_NAME_MAX = 50;
export const SHOP_NAME_MAX = 80;
export const SHOPS_MAX = 30;
export const WIDTH_MIN = 280;
export const WIDTH_MAX = 720;

export type SettingsFieldError =
  | 'agent-too-long'
  | 'shop-too-long'
  | 'shop-duplicate'
  | 'too-many-shops'
  | 'width-range'
  | `shortcut-${ShortcutProblem}`;

/** The agent's shops: the list, or for settings saved before there was one, the one default shop. */
export function shopsOf(settings: Pick<Settings, 'shops' | 'shopName'>): string[] {
  if (settings.shops.length > 0) return settings.shops;
  return settings.shopName ? [settings.shopName] : [];
}

export function draftOf(settings: Settings): SettingsDraft {
  return {
    agentName: settings.agentName,
    shops: shopsOf(settings),
    defaultShop: settings.shopName,
    language: settings.language,
    triggerKey: settings.triggerKey,
    mode: settings.defaultLayout.mode,
    width: String(settings.defaultLayout.width),
    shortcut: settings.toggleShortcut,
  };
}

export type DraftCheck =
  | { ok: true; patch: Pick<Settings, 'agentName' | 'shops' | 'shopName' | 'language' | 'triggerKey' | 'defaultLayout' | 'toggleShortcut'> }
  | { ok: false; errors: Partial<Record<'agentName' | 'shops' | 'width' | 'shortcut', SettingsFieldError>> };

export function checkDraft(draft: SettingsDraft, current: Settings): DraftCheck {
  const errors: Partial<Record<'agentName' | 'shops' | 'width' | 'shortcut', SettingsFieldError>> = {};
  const agentName = draft.agentName.trim();
  if (agentName.length > AGENT_NAME_MAX) errors.agentName = 'agent-too-long';

  const shops = draft.shops.map((s) => s.trim()).filter(Boolean);
  if (shops.some((s) => s.length > SHOP_NAME_MAX)) errors.shops = 'shop-too-long';
  else if (new Set(shops).size !== shops.length) errors.shops = 'shop-duplicate';
  else if (shops.length > SHOPS_MAX) errors.shops = 'too-many-shops';

  const width = Number(draft.width.trim());
  if (!draft.width.trim() || !Number.isInteger(width) || width < WIDTH_MIN || width > WIDTH_MAX) errors.width = 'width-range';

  const shortcut = checkShortcut(draft.shortcut);
  if (shortcut.problem) errors.shortcut = `shortcut-${shortcut.problem}`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const wanted = draft.defaultShop.trim();
  return {
    ok: true,
    patch: {
      agentName,
      shops,
      // The default must be one of the shops; the first one otherwise.
      shopName: shops.includes(wanted) ? wanted : (shops[0] ?? ''),
      language: draft.language,
      triggerKey: draft.triggerKey,
      defaultLayout: { ...current.defaultLayout, mode: draft.mode, width },
      toggleShortcut: shortcut.normalized ?? current.toggleShortcut,
    },
  };
}
