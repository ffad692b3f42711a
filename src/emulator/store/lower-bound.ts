/** The index of the first of `items` (sorted by `key`) whose key is >= `target`; `items.length` when none is. */
export function lowerBound<T>(items: readonly T[], target: number, key: (item: T) => number): number {
  let low = 0
  let high = items.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (key(items[middle]!) < target) low = middle + 1
    else high = middle
  }
  return low
}
