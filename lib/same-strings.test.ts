import { describe, expect, it } from 'vitest';
import { sameStrings } from './same-strings';

describe('sameStrings', () => {
  it('compares contents in order', () => {
    const list = ['售后', '物流'];
    expect(sameStrings(list, list)).toBe(true);
    expect(sameStrings(['售后', '物流'], ['售后', '物流'])).toBe(true);
    expect(sameStrings(['售后', '物流'], ['物流', '售后'])).toBe(false);
    expect(sameStrings(['售后'], ['售后', '物流'])).toBe(false);
    expect(sameStrings([], [])).toBe(true);
  });
});
