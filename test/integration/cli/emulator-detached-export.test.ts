import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {tempDir} from '../../helpers/tmp.js'

// `skctl emulator start --detach --export-on-exit FILE`: the background emulator writes its state on `skctl
// emulator stop` (SIGTERM), atomically — a failed export leaves the previous file — and a bad seed still fails the
// start itself, with the file position and exit 2.

const SEED = `version: 1
organizations:
  acme:
    id: org_acme1
    name: Acme
`

describe('skctl emulator start --detach --export-on-exit', () => {
  it('writes the export on skctl emulator stop; a failed export keeps the previous file', async () => {
    const dir = tempDir()
    const seed = join(dir, 'seed.yaml')
    writeFileSync(seed, SEED)
    const out = join(dir, 'state.yaml')
    writeFileSync(out, 'previous\n')
    const env = cleanEnv()
    const args = ['emulator', 'start', '--detach', '--port', '0', '--seed', seed, '--export-on-exit', out]
    const started = await runJson<{detached: boolean; pid: number}>(args, {env})
    expect(started.code).toBe(0)
    expect(started.json).toMatchObject({detached: true, seed})
    expect(readFileSync(out, 'utf8')).toBe('previous\n')
    const stopped = await runJson(['emulator', 'stop'], {env})
    expect(stopped.json).toEqual({exported: out, pid: started.json.pid, stopped: true})
    expect(readFileSync(out, 'utf8')).toMatch(/acme:\n {4}id: org_acme1\n {4}name: Acme\n/)

    const again = await runJson<{pid: number}>(
      ['emulator', 'start', '--detach', '--port', '0', '--export-on-exit', out],
      {env},
    )
    expect(again.code).toBe(0)
    // The export's temporary file cannot be made (a directory is in its place): the export fails at stop time.
    mkdirSync(`${out}.${again.json.pid}.partial`)
    const failed = await run(['emulator', 'stop'], {env})
    expect(failed.code).toBe(0)
    expect(failed.stderr).toContain(
      `Warning: the emulator could not export its state to ${out}; any earlier file there is unchanged`,
    )
    expect(readFileSync(out, 'utf8')).toMatch(/id: org_acme1/)
    expect(readFileSync(join(env.SKCTL_CONFIG_DIR!, 'emulator.log'), 'utf8')).toMatch(
      /could not export the emulator's state to .*state\.yaml/,
    )
  })

  it('fails the start (exit 2) on a seed whose pinned id the emulator holds for something else', async () => {
    const dir = tempDir()
    const seed = join(dir, 'seed.yaml')
    writeFileSync(seed, SEED.replace('org_acme1', SEED_IDS.organization))
    const env = cleanEnv()
    const args = [
      'emulator',
      'start',
      '--detach',
      '--port',
      '0',
      '--seed',
      seed,
      '--export-on-exit',
      join(dir, 'x.yaml'),
    ]
    const result = await run(args, {env})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`Error: seed.yaml:4:9 organizations[acme].id: ${SEED_IDS.organization}`)
    expect(result.stderr).toContain('Hint: remove or change the pinned id')
  })
})
