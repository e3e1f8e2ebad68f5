import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from './source';

/** A checked-in fixture file of lib/import/fixtures as the page would receive it. */
export function fixture(name: string): SourceFile {
  return { name, bytes: new Uint8Array(readFileSync(path.join(import.meta.dirname, 'fixtures', name))) };
}
