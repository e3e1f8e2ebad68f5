import * as z from 'zod';
import type { Reply } from '../db/records';
import { ImportFileError, type RawReply, type RowError } from './rows';

/**
 * Our own file of replies: versioned so that a later release can change it and
 * still read this one, and so that this release says clearly when a file is
 * newer than it understands. Only the reply's content travels: usage counts
 * and sort keys belong to the library the file came from.
 */
export const REPLIES_FORMAT = 'kefu-replies';
export const REPLIES_VERSION = 1;

export const ExportedReply = z.object({
  id: z.string().optional(),
  title: z.string(),
  body: z.string(),
  group: z.string().default(''),
  code: z.string().default(''),
  tags: z.array(z.string()).default([]),
  variants: z.array(z.string()).default([]),
  pinned: z.boolean().default(false),
  createdAt: z.number().optional(),
  updatedAt: z.number().optional(),
  author: z.string().optional(),
});
export type ExportedReply = z.infer<typeof ExportedReply>;

export const RepliesFile = z.object({
  format: z.literal(REPLIES_FORMAT),
  version: z.literal(REPLIES_VERSION),
  /** ISO 8601. */
  exportedAt: z.string(),
  replies: z.array(z.unknown()),
});
export type RepliesFile = z.infer<typeof RepliesFile>;

export function repliesFile(replies: readonly Reply[], now: number): RepliesFile & { replies: ExportedReply[] } {
  return {
    format: REPLIES_FORMAT,
    version: REPLIES_VERSION,
    exportedAt: new Date(now).toISOString(),
    replies: replies.map((r) => ({
      id: r.id,
      title: r.title,
      body: r.body,
      group: r.group,
      code: r.code,
      tags: r.tags,
      variants: r.variants,
      pinned: r.pinned,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      author: r.author,
    })),
  };
}

/** The replies of one of our JSON files; a field of the wrong type rejects its reply, not the file. */
export function jsonReplies(text: string): { replies: RawReply[]; errors: RowError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ImportFileError('import.file.badJson', `The file is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const head = z.object({ format: z.literal(REPLIES_FORMAT), version: z.number().int().positive() }).safeParse(data);
  if (!head.success) throw new ImportFileError('import.file.notOurs', 'The JSON file is not a reply library exported by this extension');
  if (head.data.version > REPLIES_VERSION) {
    throw new ImportFileError('import.file.newerVersion', `The file is version ${head.data.version}; this version of the extension reads version ${REPLIES_VERSION}`, {
      version: head.data.version,
      supported: REPLIES_VERSION,
    });
  }
  const file = RepliesFile.safeParse(data);
  if (!file.success) throw new ImportFileError('import.file.badJson', `The file's envelope is invalid: ${file.error.issues.map((i) => i.path.join('.')).join(', ')}`);

  const replies: RawReply[] = [];
  const errors: RowError[] = [];
  file.data.replies.forEach((item, i) => {
    const row = i + 1;
    const parsed = ExportedReply.safeParse(item);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      const known = typeof field === 'string' && ['title', 'body', 'group', 'code', 'tags', 'variants'].includes(field);
      errors.push({ row, field: known ? (field as RowError['field']) : 'row', reason: 'import.reason.wrongType' });
      return;
    }
    const r = parsed.data;
    replies.push({ row, title: r.title, body: r.body, group: r.group, code: r.code, tags: r.tags, variants: r.variants, pinned: r.pinned });
  });
  return { replies, errors };
}
