import * as z from 'zod';

/**
 * Hybrid logical clock (Kulkarni et al., 2014): wall-clock milliseconds plus a
 * counter plus the node (device) id. It orders every edit of a team
 * deterministically even when two agents' clocks disagree: a device that has
 * seen an edit stamps its next edit later than it, whatever its own clock says,
 * and two edits with the same time and counter fall back to the node id.
 *
 * Encoded as a string that sorts like the clock, so that the server and
 * IndexedDB compare stamps with plain string order:
 * `000001764547200000:00000:devA`, i.e. 15-digit wall time, 5-digit counter
 * and the node id. Pure: the caller passes the wall clock in.
 */

export const HLC_WALL_DIGITS = 15;
export const HLC_COUNTER_DIGITS = 5;
export const HLC_MAX_COUNTER = 99_999;
/** Node ids are device ids: URL-safe, at most 32 characters. */
export const HlcNode = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, { message: 'hlc-node-invalid' });

export const Hlc = z.string().regex(/^\d{15}:\d{5}:[A-Za-z0-9_-]{1,32}$/, { message: 'hlc-invalid' });
export type Hlc = z.infer<typeof Hlc>;

export interface HlcTimestamp {
  wall: number;
  counter: number;
  node: string;
}

/** The clock's state on one device: the last stamp it issued or saw. */
export interface HlcState {
  wall: number;
  counter: number;
  node: string;
}

export class HlcError extends Error {
  constructor(
    readonly code: 'hlc-invalid' | 'hlc-counter-overflow' | 'hlc-drift',
    message: string,
  ) {
    super(message);
    this.name = 'HlcError';
  }
}

export function encodeHlc(t: HlcTimestamp): Hlc {
  if (!Number.isSafeInteger(t.wall) || t.wall < 0 || t.wall >= 10 ** HLC_WALL_DIGITS) {
    throw new HlcError('hlc-invalid', `HLC wall time ${t.wall} is not a millisecond time`);
  }
  if (!Number.isInteger(t.counter) || t.counter < 0 || t.counter > HLC_MAX_COUNTER) {
    throw new HlcError('hlc-invalid', `HLC counter ${t.counter} is out of range 0..${HLC_MAX_COUNTER}`);
  }
  if (!HlcNode.safeParse(t.node).success) throw new HlcError('hlc-invalid', `HLC node id "${t.node}" must be 1-32 of A-Z a-z 0-9 _ -`);
  return `${String(t.wall).padStart(HLC_WALL_DIGITS, '0')}:${String(t.counter).padStart(HLC_COUNTER_DIGITS, '0')}:${t.node}`;
}

export function parseHlc(s: string): HlcTimestamp {
  if (!Hlc.safeParse(s).success) throw new HlcError('hlc-invalid', `"${s}" is not a hybrid logical clock stamp`);
  const [wall, counter, node] = s.split(':') as [string, string, string];
  return { wall: Number(wall), counter: Number(counter), node };
}

/** Total order of stamps: the encoding sorts like (wall, counter, node). */
export function compareHlc(a: Hlc, b: Hlc): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxHlc(a: Hlc, b: Hlc): Hlc {
  return a >= b ? a : b;
}

export function initialHlc(node: string): HlcState {
  if (!HlcNode.safeParse(node).success) throw new HlcError('hlc-invalid', `HLC node id "${node}" must be 1-32 of A-Z a-z 0-9 _ -`);
  return { wall: 0, counter: 0, node };
}

/**
 * Issues a stamp for a local edit at wall time `now`. Returns the stamp and the
 * new state. The counter only grows while the wall clock stands still or runs
 * behind the last stamp seen.
 */
export function tickHlc(state: HlcState, now: number): { hlc: Hlc; state: HlcState } {
  const wall = Math.max(state.wall, now);
  const counter = wall === state.wall ? state.counter + 1 : 0;
  if (counter > HLC_MAX_COUNTER) throw new HlcError('hlc-counter-overflow', 'Too many edits within one millisecond of a clock that runs behind');
  const next = { wall, counter, node: state.node };
  return { hlc: encodeHlc(next), state: next };
}

/**
 * Takes in a stamp seen from elsewhere (pulled from the server) so that the
 * next local stamp sorts after it. `maxDriftMs` refuses a stamp too far ahead
 * of the local clock, which would otherwise drag every later edit into the
 * future (a device with a wrong clock, or a forged stamp).
 */
export function receiveHlc(state: HlcState, remote: Hlc, now: number, maxDriftMs = Infinity): HlcState {
  const r = parseHlc(remote);
  if (r.wall - now > maxDriftMs) {
    throw new HlcError('hlc-drift', `Stamp ${remote} is ${r.wall - now} ms ahead of this clock (at most ${maxDriftMs} ms allowed)`);
  }
  const wall = Math.max(state.wall, r.wall, now);
  let counter: number;
  if (wall === state.wall && wall === r.wall) counter = Math.max(state.counter, r.counter) + 1;
  else if (wall === state.wall) counter = state.counter + 1;
  else if (wall === r.wall) counter = r.counter + 1;
  else counter = 0;
  if (counter > HLC_MAX_COUNTER) throw new HlcError('hlc-counter-overflow', 'Too many edits within one millisecond of a clock that runs behind');
  return { wall, counter, node: state.node };
}

/** Milliseconds since the epoch of a stamp, for createdAt/updatedAt. */
export function hlcWall(hlc: Hlc): number {
  return parseHlc(hlc).wall;
}
