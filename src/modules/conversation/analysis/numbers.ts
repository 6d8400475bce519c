/** Metrics are reported to two decimals. */
export function round2(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100;
}

/**
 * Rounds shares of a whole to two decimals so that they still add up to exactly 1 (largest
 * remainder: the hundredths lost by flooring go to the largest fractions, earlier items first).
 */
export function roundShares(parts: readonly number[]): number[] {
  const total = parts.reduce((sum, part) => sum + part, 0);
  if (total <= 0) return parts.map(() => 0);
  const exact = parts.map((part) => (part * 100) / total);
  const floors = exact.map((share) => Math.floor(share + 1e-9));
  let left = 100 - floors.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact
    .map((share, index) => ({ index, remainder: share - floors[index] }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (left <= 0) break;
    floors[index]++;
    left--;
  }
  return floors.map((hundredths) => hundredths / 100);
}

/** The `limit` largest counts of at least `minCount`, largest first, ties in alphabetical order. */
export function topCounts(
  counts: ReadonlyMap<string, number>,
  limit: number,
  minCount = 1,
): [name: string, count: number][] {
  return [...counts]
    .filter(([, count]) => count >= minCount)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit);
}
