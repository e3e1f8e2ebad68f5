import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLazyDraftCheck, DRAFT_CHECK_KEY, provideDraftCheck, type DraftCheckFactory } from './draft-check-loader';
import { createDraftCheck, DELAY_MS } from './draft-check';
import type { DraftRules } from '../compliance/draft-rules';

const texts = { block: 'B', warn: 'W', hint: 'H', title: 'T' };
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A fake injected script: `load` leaves a recording factory on `global`, as entrypoints/draft-check.ts does. */
function fakeScript() {
  const global: object = {};
  const calls: boolean[] = [];
  const disposed = vi.fn();
  const factory = vi.fn<DraftCheckFactory>(() => ({ setEnabled: (on) => void calls.push(on), dispose: disposed }));
  const load = vi.fn(async () => provideDraftCheck(factory, global));
  return { global, calls, disposed, factory, load };
}

function lazy(script: ReturnType<typeof fakeScript>) {
  return createLazyDraftCheck({ win: window, platform: () => 'feige', fetchRules: async () => ({ severities: [], words: [], regexes: [] }), texts, load: script.load, global: script.global });
}

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

describe('createLazyDraftCheck', () => {
  it('loads nothing while the check is off', async () => {
    const script = fakeScript();
    const check = lazy(script);
    check.setEnabled(false);
    await flush();
    expect(script.load).not.toHaveBeenCalled();
    check.dispose();
  });

  it('loads the script the first time it is on, once, and passes the options to its factory', async () => {
    const script = fakeScript();
    const check = lazy(script);
    check.setEnabled(true);
    check.setEnabled(true);
    await flush();
    expect(script.load).toHaveBeenCalledTimes(1);
    expect(script.factory).toHaveBeenCalledTimes(1);
    expect(script.factory.mock.calls[0]![0].texts).toBe(texts);
    expect(script.factory.mock.calls[0]![0]).not.toHaveProperty('load');
    expect(script.calls).toEqual([true]);
    // Off and on again: the loaded check follows, nothing is loaded again.
    check.setEnabled(false);
    check.setEnabled(true);
    await flush();
    expect(script.load).toHaveBeenCalledTimes(1);
    expect(script.calls).toEqual([true, false, true]);
  });

  it('applies the latest wish when the script arrives (turned off while loading)', async () => {
    const script = fakeScript();
    const check = lazy(script);
    check.setEnabled(true);
    check.setEnabled(false);
    await flush();
    expect(script.calls).toEqual([false]);
  });

  it('does not start a check once disposed, and disposes the one it started', async () => {
    const script = fakeScript();
    const check = lazy(script);
    check.setEnabled(true);
    check.dispose();
    await flush();
    expect(script.factory).not.toHaveBeenCalled();

    const again = fakeScript();
    const second = lazy(again);
    second.setEnabled(true);
    await flush();
    second.dispose();
    expect(again.disposed).toHaveBeenCalledTimes(1);
    second.setEnabled(true);
    await flush();
    expect(again.load).toHaveBeenCalledTimes(1);
  });

  it('asks for the script even when an earlier copy left a factory (after an extension update)', async () => {
    const script = fakeScript();
    const stale = vi.fn<DraftCheckFactory>();
    provideDraftCheck(stale, script.global);
    const check = lazy(script);
    check.setEnabled(true);
    await flush();
    expect(script.load).toHaveBeenCalledTimes(1);
    expect(stale).not.toHaveBeenCalled();
    expect(script.factory).toHaveBeenCalledTimes(1);
  });

  it('logs a failed load and tries again the next time it is turned on', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const script = fakeScript();
    script.load.mockRejectedValueOnce(new Error('The live draft check is off in settings'));
    const check = lazy(script);
    check.setEnabled(true);
    await flush();
    expect(script.factory).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
    check.setEnabled(false);
    check.setEnabled(true);
    await flush();
    expect(script.load).toHaveBeenCalledTimes(2);
    expect(script.calls).toEqual([true]);
  });

  it('fails cleanly when the script ran but left no factory', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const global = {};
    const load = vi.fn(async () => undefined);
    const check = createLazyDraftCheck({ win: window, platform: () => 'feige', fetchRules: async () => ({ severities: [], words: [], regexes: [] }), texts, load, global });
    check.setEnabled(true);
    await flush();
    expect(DRAFT_CHECK_KEY in global).toBe(false);
    check.setEnabled(false);
    check.setEnabled(true);
    await flush();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('with the real check: marks a risky draft once loaded, and removes the marker when turned off', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const global = {};
      const rules: DraftRules = { severities: ['block'], words: [{ word: '微信', rule: 0, exception: false }], regexes: [] };
      const check = createLazyDraftCheck({
        win: window,
        platform: () => 'feige',
        fetchRules: async () => rules,
        texts,
        load: async () => provideDraftCheck(createDraftCheck, global),
        global,
      });
      const box = document.createElement('textarea');
      document.body.append(box);
      check.setEnabled(true);
      await vi.waitFor(() => expect((global as Record<symbol, unknown>)[DRAFT_CHECK_KEY]).toBe(createDraftCheck));
      await vi.advanceTimersByTimeAsync(0);
      box.value = '加我微信';
      box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      await vi.advanceTimersByTimeAsync(DELAY_MS + 10);
      const marker = () => document.querySelector('kefu-box-marker[data-kefu-marker-name="draft-check"]');
      expect(marker()?.getAttribute('data-kefu-marker')).toBe('block');
      expect(box.value).toBe('加我微信');
      check.setEnabled(false);
      expect(marker()?.getAttribute('data-kefu-marker') ?? null).toBe(null);
      check.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
