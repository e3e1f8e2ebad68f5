import { ReplyDraft } from '../db/records';
import type { MessageKey } from '../i18n/messages';
import type { RawReply, ReplyField, RowError } from './rows';

/**
 * Every row against the rules of a stored reply (ReplyDraft, the schema the
 * editor's form and the repository use), so that what the preview accepts is
 * what the repository will store. Rows are checked in slices with a pause
 * between them: 20,000 rows must not freeze the page.
 */
export interface Candidate {
  row: number;
  draft: ReplyDraft;
}

/** The reason for a field's problem: the editor's own messages where they exist. */
const REASONS: Record<ReplyField, (message: string) => MessageKey> = {
  title: (m) => (m === 'title-too-long' ? 'error.title-too-long' : 'error.title-required'),
  body: (m) => (m === 'body-too-long' ? 'error.body-too-long' : 'error.body-required'),
  code: (m) => (m === 'code-has-space' ? 'error.code-has-space' : 'error.code-too-long'),
  group: () => 'import.reason.group-too-long',
  tags: () => 'import.reason.tags',
  variants: () => 'import.reason.variants',
};

export function validateReply(raw: RawReply): Candidate | RowError[] {
  const parsed = ReplyDraft.safeParse({
    title: raw.title,
    body: raw.body,
    group: raw.group,
    code: raw.code,
    tags: [...new Set(raw.tags)],
    variants: raw.variants.filter((v) => v.trim() !== ''),
    pinned: raw.pinned,
  });
  if (parsed.success) return { row: raw.row, draft: { ...parsed.data, code: parsed.data.code.trim() } };
  const errors: RowError[] = [];
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as ReplyField | 'pinned';
    if (field === 'pinned' || errors.some((e) => e.field === field)) continue;
    errors.push({ row: raw.row, field, reason: REASONS[field](issue.message) });
  }
  return errors;
}

export interface Validated {
  valid: Candidate[];
  errors: RowError[];
}

/** Pause for the page to paint and take input. */
export const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function validateReplies(raws: readonly RawReply[], opts: { onProgress?: (done: number, total: number) => void; slice?: number } = {}): Promise<Validated> {
  const slice = opts.slice ?? 2000;
  const valid: Candidate[] = [];
  const errors: RowError[] = [];
  for (let start = 0; start < raws.length; start += slice) {
    for (const raw of raws.slice(start, start + slice)) {
      const result = validateReply(raw);
      if (Array.isArray(result)) errors.push(...result);
      else valid.push(result);
    }
    opts.onProgress?.(Math.min(raws.length, start + slice), raws.length);
    if (start + slice < raws.length) await breathe();
  }
  return { valid, errors };
}
