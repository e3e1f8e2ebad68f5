import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en as appEn, zh as appZh } from '../i18n/messages';
import { customerErrorsEn, customerErrorsZh } from './customer-messages';

/**
 * Every i18n key the customer schemas and repositories can put into an
 * AppError's fields must have a text in both languages, so an agent is always
 * told what to fix.
 */
const SOURCES = ['records.ts', 'customers.ts', 'notes.ts', 'follow-ups.ts', 'validation.ts'];
// The reply schemas' keys are already in lib/i18n/messages.ts, the group order's in lib/i18n/library.ts.
const REPLY_KEYS = new Set(['code-too-long', 'code-has-space', 'title-required', 'title-too-long', 'body-required', 'body-too-long', 'group-required', 'too-many-groups', 'group-listed-twice']);

function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of SOURCES) {
    const source = readFileSync(path.join(import.meta.dirname, file), 'utf8');
    for (const m of source.matchAll(/message: '([a-z-]+)'/g)) keys.add(m[1]!);
    for (const m of source.matchAll(/(?:invalid|notFound)\([^)]*'([a-z-]+)'\)/g)) keys.add(m[1]!);
  }
  for (const k of REPLY_KEYS) keys.delete(k);
  return keys;
}

describe('customer error messages', () => {
  it('every key a schema or repository uses has a Chinese and an English text', () => {
    const keys = [...usedKeys()];
    expect(keys.length).toBeGreaterThan(20);
    const missing = keys.filter((k) => !(k in customerErrorsZh) || !(k in customerErrorsEn));
    expect(missing, 'Add these keys to lib/db/customer-messages.ts in both languages').toEqual([]);
  });

  it('the reply and group-order keys left out above have their texts in the app’s messages', () => {
    for (const key of REPLY_KEYS) {
      expect(appZh, key).toHaveProperty([`error.${key}`]);
      expect(appEn, key).toHaveProperty([`error.${key}`]);
    }
  });

  it('both languages have the same keys, none empty, and none contradicts the app’s messages', () => {
    expect(Object.keys(customerErrorsEn).sort()).toEqual(Object.keys(customerErrorsZh).sort());
    for (const [key, text] of Object.entries(customerErrorsZh)) {
      expect(text.trim(), key).not.toBe('');
      expect(customerErrorsEn[key as keyof typeof customerErrorsEn].trim(), key).not.toBe('');
      const appKey = `error.${key}`;
      if (appKey in appZh) {
        expect(appZh[appKey as keyof typeof appZh], `${appKey} already exists with another text`).toBe(text);
        expect(appEn[appKey as keyof typeof appEn]).toBe(customerErrorsEn[key as keyof typeof customerErrorsEn]);
      }
    }
  });
});
