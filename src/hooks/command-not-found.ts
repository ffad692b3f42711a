import type {Hook} from '@oclif/core'

/** Edit distance between two command ids, for suggesting the closest one. */
export function distance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost)
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/**
 * @oclif/plugin-not-found offers its suggestion only as an interactive prompt; without a terminal (CI, scripts)
 * nobody would see it, so say it plainly there. The plugin then exits 127 as usual.
 */
const hook: Hook.CommandNotFound = async (opts) => {
  if (process.stdin.isTTY) return
  const ids = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id)
  const best = ids.map((id) => ({d: distance(opts.id, id), id})).sort((x, y) => x.d - y.d)[0]
  if (!best || best.d > Math.max(2, Math.floor(opts.id.length / 3))) return
  process.stderr.write(`Did you mean: ${opts.config.bin} ${best.id.replaceAll(':', ' ')}?\n`)
}

export default hook
