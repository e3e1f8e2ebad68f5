/**
 * The canonical serialisation a backup's content hash is taken over: JSON
 * with every object's keys in sorted order (so the same rows give the same
 * bytes whatever order the keys were written in), undefined fields left out,
 * rows of a table in primary-key order, cut into chunks of CHUNK_ROWS rows.
 *
 * The hash (SHA-256 through crypto.subtle, hex) is built in two levels so
 * that a large database is hashed a chunk at a time rather than as one
 * string: a table's digest is the SHA-256 of its chunks' digests, and the
 * backup's hash is the SHA-256 of "table:digest" lines in table-name order.
 * The file's rows are written in the same canonical form, so the bytes hashed
 * when backing up are the bytes written.
 */
export const CHUNK_ROWS = 1000;

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) sorted[key] = sortKeys(v);
  }
  return sorted;
}

/** A chunk of rows as it is hashed and written: `[row,row,…]` without the brackets. */
export function chunkText(rows: readonly unknown[]): string {
  return rows.map(canonicalJson).join(',');
}

const encoder = new TextEncoder();

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A table's digest from its chunks' texts, in order. */
export async function tableDigest(chunks: readonly string[]): Promise<string> {
  const digests: string[] = [];
  for (const chunk of chunks) digests.push(await sha256Hex(chunk));
  return sha256Hex(digests.join('\n'));
}

/** The backup's hash from each table's digest. */
export function combineDigests(digests: Readonly<Record<string, string>>): Promise<string> {
  const lines = Object.keys(digests)
    .sort()
    .map((name) => `${name}:${digests[name]}`);
  return sha256Hex(lines.join('\n'));
}

/** Rows in primary-key order (IndexedDB orders string keys by code unit, as `<` does), cut into chunk texts. */
export function chunkRows(rows: readonly Record<string, unknown>[], primKey = 'id'): string[] {
  const sorted = [...rows].sort((a, b) => {
    const x = String(a[primKey]);
    const y = String(b[primKey]);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const chunks: string[] = [];
  for (let i = 0; i < sorted.length; i += CHUNK_ROWS) chunks.push(chunkText(sorted.slice(i, i + CHUNK_ROWS)));
  return chunks;
}
