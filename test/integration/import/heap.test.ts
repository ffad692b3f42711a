import {spawnSync} from 'node:child_process'

import {describe, expect, it} from 'vitest'

const heapModule = new URL('../../../dist/import/heap.js', import.meta.url).href

/**
 * The shape of an import's garbage: tens of megabytes live in a ring whose entries are replaced one by one, so each entry
 * lives long enough to leave the young generation and then dies in the old one. Prints the largest heap V8 held.
 */
const workload = `
const {getHeapStatistics} = await import('node:v8')
if (process.argv[1] === 'tight') (await import(${JSON.stringify(heapModule)})).keepHeapTight()
const ring = new Array(200_000)
let peak = 0
for (let i = 0; i < 4_000_000; i++) {
  ring[i % ring.length] = {i, text: 'row ' + i, list: [i, i + 1]}
  if (i % 5_000 === 0) peak = Math.max(peak, getHeapStatistics().total_heap_size)
}
console.log(peak)
`

function peakHeapMb(mode: 'default' | 'tight'): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', workload, mode], {encoding: 'utf8'})
  expect(run.stderr).toBe('')
  return Number(run.stdout) / 2 ** 20
}

describe('keepHeapTight', () => {
  it('holds the heap of a steady churn well below what V8 holds by default', () => {
    const loose = peakHeapMb('default')
    const tight = peakHeapMb('tight')
    expect(loose).toBeGreaterThan(25)
    // Measured: about 180 MB against 120–128 MB.
    expect(tight).toBeLessThan(loose * 0.8)
  })
})
