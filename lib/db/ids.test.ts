import { describe, expect, it } from 'vitest';
import { ID_LENGTH, newId } from './ids';

describe('newId', () => {
  it('makes short URL-safe string ids that do not repeat', () => {
    const ids = Array.from({ length: 10_000 }, newId);
    for (const id of ids.slice(0, 100)) expect(id).toMatch(new RegExp(`^[A-Za-z0-9_-]{${ID_LENGTH}}$`));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
