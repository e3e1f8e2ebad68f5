import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en as appEn, zh as appZh } from '../i18n/messages';
import { complaintErrorsEn, complaintErrorsZh } from './complaint-messages';
import { customerErrorsEn, customerErrorsZh } from './customer-messages';

/**
 * Every i18n key the complaint schemas and repositories can put into an
 * AppError's fields must have a text in both languages (here, or in
 * customer-messages.ts for the keys both share), so an agent is always told
 * what to fix.
 */
const SOURCES = ['complaint-records.ts', 'checklist-templates.ts', 'cases.ts'];
/** Keys cases.ts builds without invalid()/notFound(): a blocked close. */
const CLOSE_KEYS = ['case-incomplete', 'step-required', 'field-required'];

function source(file: string): string {
  return readFileSync(path.join(import.meta.dirname, file), 'utf8');
}

function usedKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of SOURCES) {
    for (const m of source(file).matchAll(/message: '([a-z-]+)'/g)) keys.add(m[1]!);
    for (const m of source(file).matchAll(/(?:invalid|notFound)\([^)]*'([a-z-]+)'\)/g)) keys.add(m[1]!);
  }
  return keys;
}

describe('complaint error messages', () => {
  it('every key a schema or repository uses has a Chinese and an English text', () => {
    const keys = [...usedKeys()];
    expect(keys.length).toBeGreaterThan(30);
    for (const k of CLOSE_KEYS) expect(source('cases.ts'), `cases.ts no longer uses ${k}: update CLOSE_KEYS`).toContain(`'${k}'`);
    const has = (k: string) => (k in complaintErrorsZh && k in complaintErrorsEn) || (k in customerErrorsZh && k in customerErrorsEn);
    const missing = [...keys, ...CLOSE_KEYS].filter((k) => !has(k));
    expect(missing, 'Add these keys to lib/db/complaint-messages.ts in both languages').toEqual([]);
  });

  it('both languages have the same keys, none empty, none repeats a customer key, none contradicts the app’s messages', () => {
    expect(Object.keys(complaintErrorsEn).sort()).toEqual(Object.keys(complaintErrorsZh).sort());
    for (const [key, text] of Object.entries(complaintErrorsZh)) {
      const en = complaintErrorsEn[key as keyof typeof complaintErrorsEn];
      expect(text.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(key in customerErrorsZh, `${key} is already in customer-messages.ts: keep one`).toBe(false);
      const appKey = `error.${key}`;
      if (appKey in appZh) {
        expect(appZh[appKey as keyof typeof appZh], `${appKey} already exists with another text`).toBe(text);
        expect(appEn[appKey as keyof typeof appEn]).toBe(en);
      }
    }
  });

  it('Chinese texts address the agent as 您 or not at all', () => {
    for (const [key, text] of Object.entries(complaintErrorsZh)) expect(text, key).not.toMatch(/你/);
  });
});
