import { describe, expect, it } from 'vitest';
import { compareHlc, encodeHlc, HlcError, initialHlc, parseHlc, receiveHlc, tickHlc, type HlcState } from './hlc';

describe('hybrid logical clock', () => {
  it('encodes so that string order is clock order', () => {
    const stamps = [
      { wall: 9, counter: 0, node: 'b' },
      { wall: 10, counter: 0, node: 'a' },
      { wall: 10, counter: 0, node: 'b' },
      { wall: 10, counter: 2, node: 'a' },
      { wall: 10, counter: 10, node: 'a' },
      { wall: 1_764_547_200_000, counter: 0, node: 'a' },
    ].map(encodeHlc);
    expect([...stamps].reverse().sort()).toEqual(stamps);
    expect(stamps[0]).toBe('000000000000009:00000:b');
    expect(parseHlc(stamps[3]!)).toEqual({ wall: 10, counter: 2, node: 'a' });
    expect(compareHlc(stamps[1]!, stamps[2]!)).toBe(-1);
    expect(compareHlc(stamps[2]!, stamps[2]!)).toBe(0);
  });

  it('refuses malformed stamps and node ids', () => {
    expect(() => parseHlc('12:0:a')).toThrow(HlcError);
    expect(() => encodeHlc({ wall: -1, counter: 0, node: 'a' })).toThrow(/wall time/);
    expect(() => encodeHlc({ wall: 1, counter: 100_000, node: 'a' })).toThrow(/counter/);
    expect(() => initialHlc('a:b')).toThrow(/node id/);
    expect(() => initialHlc('')).toThrow(/node id/);
  });

  it('ticks monotonically even when the wall clock goes backwards or stands still', () => {
    let state = initialHlc('dev1');
    const walls = [1000, 1000, 1000, 999, 500, 1001, 1001, 2000];
    const out: string[] = [];
    for (const now of walls) {
      const t = tickHlc(state, now);
      out.push(t.hlc);
      state = t.state;
    }
    expect(new Set(out).size).toBe(out.length);
    expect([...out].sort()).toEqual(out);
    expect(out.map((s) => parseHlc(s)).map((t) => [t.wall, t.counter])).toEqual([
      [1000, 0],
      [1000, 1],
      [1000, 2],
      [1000, 3],
      [1000, 4],
      [1001, 0],
      [1001, 1],
      [2000, 0],
    ]);
  });

  it('after receiving a stamp, the next local stamp sorts after it (clock behind the remote)', () => {
    const remote = encodeHlc({ wall: 5000, counter: 7, node: 'zzz' });
    const state = receiveHlc(initialHlc('aaa'), remote, 1000);
    const next = tickHlc(state, 1000).hlc;
    expect(next > remote).toBe(true);
    expect(parseHlc(next)).toEqual({ wall: 5000, counter: 9, node: 'aaa' });
  });

  it.each([
    // [local wall, local counter, remote wall, remote counter, now, expected wall, expected counter]
    [100, 3, 100, 5, 50, 100, 6],
    [100, 3, 90, 9, 50, 100, 4],
    [90, 9, 100, 3, 50, 100, 4],
    [90, 9, 100, 3, 200, 200, 0],
  ])('receive local (%i,%i) remote (%i,%i) at %i gives (%i,%i)', (lw, lc, rw, rc, now, ew, ec) => {
    const local: HlcState = { wall: lw, counter: lc, node: 'me' };
    const s = receiveHlc(local, encodeHlc({ wall: rw, counter: rc, node: 'you' }), now);
    expect([s.wall, s.counter, s.node]).toEqual([ew, ec, 'me']);
  });

  it('refuses a stamp too far ahead of the local clock', () => {
    const remote = encodeHlc({ wall: 10 * 60_000, counter: 0, node: 'x' });
    expect(() => receiveHlc(initialHlc('me'), remote, 0, 5 * 60_000)).toThrow(/ahead/);
    expect(receiveHlc(initialHlc('me'), remote, 6 * 60_000, 5 * 60_000).wall).toBe(10 * 60_000);
  });

  it('reports counter overflow instead of wrapping', () => {
    const state: HlcState = { wall: 100, counter: 99_999, node: 'me' };
    expect(() => tickHlc(state, 50)).toThrow(expect.objectContaining({ code: 'hlc-counter-overflow' }) as Error);
    expect(tickHlc(state, 101).hlc).toBe('000000000000101:00000:me');
  });
});
