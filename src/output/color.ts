import {Chalk, type ChalkInstance} from 'chalk'

export interface ColorInputs {
  env: NodeJS.ProcessEnv
  isTTY: boolean
  noColorFlag: boolean
}

/** The one colour decision: chalk and cli-table3 ignore NO_COLOR on their own, so both take this answer. */
export function colorEnabled({env, isTTY, noColorFlag}: ColorInputs): boolean {
  if (noColorFlag) return false
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true
  if (env.TERM === 'dumb') return false
  return isTTY
}

export function makeChalk(enabled: boolean): ChalkInstance {
  return new Chalk({level: enabled ? 1 : 0})
}
