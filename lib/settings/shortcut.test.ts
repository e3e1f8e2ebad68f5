import { describe, expect, it } from 'vitest';
import { checkShortcut, shortcutFromEvent } from './shortcut';
import { matchesShortcut } from './settings';

const ev = (o: Partial<KeyboardEvent>) => ({ key: '', code: '', altKey: false, ctrlKey: false, shiftKey: false, metaKey: false, ...o });

describe('checkShortcut', () => {
  it('accepts the default and spells any typing of it one way', () => {
    expect(checkShortcut('Alt+K')).toEqual({ normalized: 'Alt+K', conflicts: [] });
    expect(checkShortcut(' shift + ctrl + y ')).toEqual({ normalized: 'Ctrl+Shift+Y', conflicts: [] });
    expect(checkShortcut('Cmd+Shift+2')).toEqual({ normalized: 'Shift+Meta+2', conflicts: [] });
    expect(checkShortcut('F8')).toEqual({ normalized: 'F8', conflicts: [] });
  });

  it('refuses what would fire while typing, odd keys, and the editing keys', () => {
    expect(checkShortcut('').problem).toBe('empty');
    expect(checkShortcut('K').problem).toBe('needs-modifier');
    expect(checkShortcut('Shift+K').problem).toBe('needs-modifier');
    expect(checkShortcut('Ctrl+Space').problem).toBe('unsupported-key');
    expect(checkShortcut('Alt+K+J').problem).toBe('unsupported-key');
    expect(checkShortcut('Ctrl+Alt').problem).toBe('unsupported-key');
    expect(checkShortcut('ctrl+v').problem).toBe('reserved');
    expect(checkShortcut('Meta+Z').problem).toBe('reserved');
  });

  it('names who else uses the keys, and still allows them', () => {
    expect(checkShortcut('Ctrl+F')).toEqual({ normalized: 'Ctrl+F', conflicts: ['feige'] });
    expect(checkShortcut('Alt+S')).toEqual({ normalized: 'Alt+S', conflicts: ['pinduoduo', 'jd-dongdong'] });
    expect(checkShortcut('Ctrl+T')).toEqual({ normalized: 'Ctrl+T', conflicts: ['browser'] });
  });
});

describe('shortcutFromEvent', () => {
  it('reads the physical key, so macOS Alt+K (˚) records as Alt+K and matches again', () => {
    const press = ev({ key: '˚', code: 'KeyK', altKey: true });
    expect(shortcutFromEvent(press)).toBe('Alt+K');
    expect(matchesShortcut(checkShortcut(shortcutFromEvent(press)!).normalized!, press)).toBe(true);
    expect(shortcutFromEvent(ev({ key: '@', code: 'Digit2', ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+2');
    expect(shortcutFromEvent(ev({ key: 'F9', code: 'F9' }))).toBe('F9');
  });

  it('waits while only modifiers are held, and ignores keys a shortcut cannot end with', () => {
    expect(shortcutFromEvent(ev({ key: 'Alt', code: 'AltLeft', altKey: true }))).toBeNull();
    expect(shortcutFromEvent(ev({ key: ' ', code: 'Space', ctrlKey: true }))).toBeNull();
  });
});
