import {createHash} from 'node:crypto'
import {stat} from 'node:fs/promises'
import {resolve} from 'node:path'

import {invalidInput} from '../errors.js'
import {utf8Chunks} from './text-file.js'

/** What an import knows about an input file before reading a record: checkpoints compare `sha256` on resume. */
export interface InputFacts {
  path: string
  sha256: string
  size: number
}

/**
 * One pass over the file before any call: its hash (so a resume can tell the file changed) and proof it is
 * UTF-8, so an import never stops half way on an encoding error.
 */
export async function inspectInput(file: string): Promise<InputFacts> {
  const path = resolve(file)
  const info = await stat(path).catch(() => {
    throw invalidInput(`${file} does not exist`)
  })
  if (!info.isFile()) throw invalidInput(`${file} is a directory, not a file`)
  const hash = createHash('sha256')
  for await (const _text of utf8Chunks(file, {onBytes: (chunk) => hash.update(chunk)})) {
    // Decoding is the check; the text itself is read again by the import.
  }
  return {path, sha256: hash.digest('hex'), size: info.size}
}
