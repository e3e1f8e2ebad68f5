/** The p-th percentile of `xs` (nearest rank, not interpolated); NaN for none. Shared by the benchmarks. */
export const pct = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
