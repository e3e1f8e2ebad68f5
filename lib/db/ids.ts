/**
 * Ids of customers, notes and follow-ups: 16 random characters (96 bits) of
 * the URL-safe base64 alphabet. Still strings (sync-ready, no `++id`), but
 * not UUIDs: every index entry of IndexedDB repeats its row's primary key, in
 * UTF-16, in its key and again in its value, and a note has about twenty
 * entries (see search-terms.ts). Measured in Chromium, 50,000 notes took
 * 49 MB on disk with UUIDs against 20 MB with these, before any text index.
 * 96 bits make a collision among a team's ten million records about a
 * one-in-10^15 event. Replies keep their UUIDs: version 1 is never rewritten.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const ID_LENGTH = 16;

export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH));
  let id = '';
  // 64 symbols = 6 bits per byte, so `& 63` keeps the distribution uniform.
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

/**
 * An id made from `parts` rather than at random: every device that makes it
 * from the same parts gets the same id, so records two devices create for the
 * same thing (a buyer both agents meet before syncing) are one record when
 * they sync, not two. 96 bits of a 128-bit hash (cyrb128, a public-domain
 * mix of 32-bit multiplies: not cryptographic, which ids need not be, and
 * synchronous, so it runs inside a Dexie transaction), in the same alphabet
 * and length as newId.
 */
export function keyedId(parts: readonly string[]): string {
  const text = parts.join('\u0000');
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  let id = '';
  // 16 symbols of 6 bits: 24 bits from each of the four words.
  for (const h of [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]) for (let shift = 18; shift >= 0; shift -= 6) id += ALPHABET[(h >>> shift) & 63];
  return id;
}
