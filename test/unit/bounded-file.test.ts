import {mkdirSync, truncateSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {MAX_INPUT_BYTES, readBoundedText} from '../../src/bounded-file.js'
import {tempDir} from '../helpers/tmp.js'

describe('readBoundedText', async () => {
  it('reads a file of exactly the limit', async () => {
    const file = join(tempDir(), 'limit.txt')
    writeFileSync(file, 'a'.repeat(MAX_INPUT_BYTES))
    expect(await readBoundedText(file, '--file')).toHaveLength(MAX_INPUT_BYTES)
  })

  it('refuses one byte more, naming the input, the limit and the size (exit 2)', async () => {
    const file = join(tempDir(), 'over.txt')
    writeFileSync(file, 'a'.repeat(MAX_INPUT_BYTES + 1))
    await expect(readBoundedText(file, '--file')).rejects.toMatchObject({
      code: 'invalid_input',
      exit: 2,
      message: `${file} is too large for --file: at most 1 MiB (1,048,576 bytes) is read, it holds 1,048,577 bytes`,
    })
  })

  it('refuses a sparse 1 GiB file from its size, without reading it', async () => {
    const file = join(tempDir(), 'huge.json')
    writeFileSync(file, '')
    truncateSync(file, 1024 ** 3)
    await expect(readBoundedText(file, '--data')).rejects.toThrow(/too large for --data: at most 1 MiB/)
  })

  it('stops an endless input with no size (a device) one byte past the limit', async () => {
    await expect(readBoundedText('/dev/zero', '--body')).rejects.toThrow(
      /\/dev\/zero is too large for --body.*more than that/,
    )
  })

  it('names what cannot be read', async () => {
    const dir = join(tempDir(), 'a-directory')
    mkdirSync(dir)
    await expect(readBoundedText(dir, '--file')).rejects.toThrow(`cannot read --file ${dir}: EISDIR`)
    await expect(readBoundedText(join(dir, 'missing'), '--file')).rejects.toThrow(/cannot read .*missing: ENOENT/)
  })
})
