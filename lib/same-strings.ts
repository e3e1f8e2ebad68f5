/** Whether two lists hold the same strings in the same order (group orders, tags, a reply's variants). */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((s, i) => s === b[i]));
}
