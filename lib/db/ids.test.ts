import { describe, expect, it } from 'vitest';
import { ID_LENGTH, keyedId, newId } from './ids';

describe('newId', () => {
  it('makes short URL-safe string ids that do not repeat', () => {
    const ids = Array.from({ length: 10_000 }, newId);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(new RegExp(`^[A-Za-z0-9_-]{${ID_LENGTH}}$`));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('keyedId', () => {
  it('gives the same id for the same parts on every call, another for any other parts, in newId’s shape', () => {
    const a = keyedId(['customer', 'feige', '', '王小明', '1']);
    expect(a).toMatch(new RegExp(`^[A-Za-z0-9_-]{${ID_LENGTH}}$`));
    expect(keyedId(['customer', 'feige', '', '王小明', '1'])).toBe(a);
    expect(keyedId(['customer', 'feige', '', '王小明', '2'])).not.toBe(a);
    // Parts are kept apart: moving text between them changes the id.
    expect(keyedId(['ab', 'c'])).not.toBe(keyedId(['a', 'bc']));
  });

  it('spreads 100,000 similar keys without a collision', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 100_000; i++) ids.add(keyedId(['customer', 'pinduoduo', 'shop', `buyer${i}`, '1']));
    expect(ids.size).toBe(100_000);
    // Every symbol of the alphabet turns up in every position: no position is stuck.
    const sample = [...ids].slice(0, 5000);
    for (let pos = 0; pos < ID_LENGTH; pos++) expect(new Set(sample.map((id) => id[pos])).size).toBe(64);
  });
});
