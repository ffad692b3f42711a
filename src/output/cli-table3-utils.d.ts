// cli-table3's own measuring and wrapping helpers (its package has no exports map, so they can be imported).
declare module 'cli-table3/src/utils.js' {
  /** Display width of a string: ANSI escapes count zero, wide characters two. */
  export function strlen(text: string): number
  /** Lines of at most `width` columns: between words, or through them when `onWordBoundary` is false. */
  export function wordWrap(width: number, text: string, onWordBoundary?: boolean): string[]
}
