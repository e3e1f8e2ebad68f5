import type { KefuDatabase } from '../db/database';
import { importReplies, listReplies } from '../db/replies';
import type { Reply } from '../db/records';
import { mappedReplies, mappingComplete, type ColumnMapping } from './mapping';
import { planImport, type DuplicateChoice, type ImportPlan } from './plan';
import type { ImportFormat, RowError } from './rows';
import { readReplies, type ReadResult, type SourceFile } from './source';
import { validateReplies, type Candidate } from './validate';

/**
 * The import as the workbench runs it, step by step: read and check a file
 * (nothing written), plan it against the library with the agent's choice for
 * duplicates, then commit the plan in one transaction. Kept out of the page
 * so each step is tested on its own.
 */
export interface Preview {
  read: ReadResult;
  /** Rows that pass the reply rules. */
  valid: Candidate[];
  /** Rows refused, by row number then field. */
  errors: RowError[];
  /** Rows in the file (valid or not). */
  total: number;
  /** The library when the file was read, for the duplicate check. */
  library: Reply[];
}

export type Progress = (done: number, total: number) => void;

async function check(db: KefuDatabase, read: ReadResult, onProgress?: Progress): Promise<Preview> {
  const { valid, errors } = await validateReplies(read.replies, { onProgress });
  const all = [...read.errors, ...errors].sort((a, b) => a.row - b.row);
  const rows = new Set([...read.replies.map((r) => r.row), ...read.errors.map((e) => e.row)]);
  return { read, valid, errors: all, total: rows.size, library: await listReplies(db) };
}

export async function previewFile(db: KefuDatabase, file: SourceFile, format: ImportFormat, opts: { mapping?: ColumnMapping; onProgress?: Progress } = {}): Promise<Preview> {
  return check(db, await readReplies(file, format, opts.mapping), opts.onProgress);
}

/** The same table under another column mapping, without reading the file again. */
export async function remapPreview(db: KefuDatabase, preview: Preview, mapping: ColumnMapping, onProgress?: Progress): Promise<Preview> {
  const table = preview.read.table;
  if (!table) return preview;
  const replies = mappingComplete(mapping) ? mappedReplies(table, mapping) : [];
  return check(db, { ...preview.read, mapping, replies }, onProgress);
}

export const planPreview = (preview: Preview, choice: DuplicateChoice): ImportPlan => planImport(preview.valid, preview.library, choice);

export interface ImportResult {
  added: number;
  replaced: number;
  skipped: number;
  refused: number;
  codeCleared: number;
}

export async function commitPlan(
  db: KefuDatabase,
  preview: Preview,
  plan: ImportPlan,
  opts: { author: string; now?: number; onProgress?: Progress },
): Promise<ImportResult> {
  const { added, replaced } = await importReplies(db, { add: plan.add, replace: plan.replace }, opts);
  return {
    added: added.length,
    replaced: replaced.length,
    skipped: plan.counts.skip,
    refused: new Set(preview.errors.map((e) => e.row)).size,
    codeCleared: plan.counts.codeCleared,
  };
}
