import {describe, expect, it} from 'vitest'

import {colorEnabled, makeChalk} from '../../../src/output/color.js'

const decide = (env: NodeJS.ProcessEnv, isTTY: boolean, noColorFlag = false) => colorEnabled({env, isTTY, noColorFlag})

describe('colorEnabled', () => {
  it('is on for a TTY with nothing set', () => expect(decide({}, true)).toBe(true))
  it('is off when stdout is not a TTY', () => expect(decide({}, false)).toBe(false))
  it('is off with --no-color, even when forced', () => expect(decide({FORCE_COLOR: '1'}, true, true)).toBe(false))
  it('is off with NO_COLOR, even when forced', () =>
    expect(decide({FORCE_COLOR: '1', NO_COLOR: '1'}, true)).toBe(false))
  it('ignores an empty NO_COLOR', () => expect(decide({NO_COLOR: ''}, true)).toBe(true))
  it('is off for TERM=dumb', () => expect(decide({TERM: 'dumb'}, true)).toBe(false))
  it('FORCE_COLOR turns it on without a TTY', () => expect(decide({FORCE_COLOR: '1'}, false)).toBe(true))
  it('FORCE_COLOR=0 does not force', () => expect(decide({FORCE_COLOR: '0'}, false)).toBe(false))
})

describe('makeChalk', () => {
  it('emits ANSI codes only when enabled', () => {
    expect(makeChalk(true).red('x')).toBe('\u001B[31mx\u001B[39m')
    expect(makeChalk(false).red('x')).toBe('x')
  })
})
