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
