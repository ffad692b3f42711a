import {setFlagsFromString} from 'node:v8'

/**
 * Keeps a long import's memory near what it holds. Each call through the SDK leaves about 27 KB that survives two
 * young-generation collections (the bare SDK loop in bench/ does the same) and dies only in a full collection, while
 * the live heap stays near 25 MB. V8's default lets the heap grow to about four times what survived the last full
 * collection, which made a million-row import peak at 247 MB. Letting it at most double (factor 1 + 100%) holds the
 * peak under 200 MB for about 4% more client CPU spent collecting; 30% would save 20 MB more for 25% more CPU
 * (README, Performance). V8 reads this setting at each collection, so it takes effect when set here; it applies to
 * the rest of this process.
 */
export function keepHeapTight(): void {
  setFlagsFromString('--heap-growing-percent=100')
}
