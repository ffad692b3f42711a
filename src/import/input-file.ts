import {createHash} from 'node:crypto'
import {createWriteStream} from 'node:fs'
import {mkdtemp, rename, rm, stat} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {basename, join, resolve} from 'node:path'
import {pipeline} from 'node:stream/promises'

import {invalidInput, usageError} from '../errors.js'
import {fileFormat} from './providers/source-files.js'
import {utf8Chunks} from './text-file.js'

/** What an import knows about an input file before reading a record: checkpoints compare `sha256` on resume. */
export interface InputFacts {
  path: string
  sha256: string
  size: number
  /** Read from standard input (`-`); `path` is then the private copy it was saved to. */
  stdin?: boolean
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

/** The argument that means standard input. */
export const STDIN = '-'

/**
 * `-`: standard input, saved first to a private temporary file, because an import reads its input more than once
 * (to check and count it before any call, then to import it). The copy is named for its format (JSON when it starts
 * with "{" or "["), so it is read like a file of that name; `remove` deletes it. A resume can read standard input
 * again: the checkpoint compares what was piped by its SHA-256, as it compares a file.
 */
export async function spoolStdin(
  example: string,
  stdin: NodeJS.ReadableStream & {isTTY?: boolean} = process.stdin,
): Promise<{path: string; remove: () => Promise<void>}> {
  if (stdin.isTTY)
    throw usageError('"-" reads the input from standard input, which is a terminal', `pipe it: ${example}`)
  const dir = await mkdtemp(join(tmpdir(), 'skctl-stdin-'))
  const remove = () => rm(dir, {force: true, recursive: true})
  try {
    const raw = join(dir, 'stdin')
    await pipeline(stdin, createWriteStream(raw, {mode: 0o600}))
    if ((await stat(raw)).size === 0) throw invalidInput('standard input is empty', `pipe the file: ${example}`)
    const path = join(dir, (await fileFormat(raw)) === 'json' ? 'stdin.jsonl' : 'stdin.csv')
    await rename(raw, path)
    return {path, remove}
  } catch (error) {
    await remove()
    throw error
  }
}

/** An input named on the command line: a file, or `-` for standard input (its copy removed through `onCleanup`). */
export async function inspectArgument(
  argument: string,
  example: string,
  onCleanup: (remove: () => Promise<void>) => void,
): Promise<InputFacts> {
  if (argument !== STDIN) return inspectInput(argument)
  const spooled = await spoolStdin(example)
  onCleanup(spooled.remove)
  return {...(await inspectInput(spooled.path)), stdin: true}
}

/** What messages call an input. */
export const inputName = (input: InputFacts) => (input.stdin ? 'standard input' : basename(input.path))
