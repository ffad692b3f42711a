import {type FileHandle, open} from 'node:fs/promises'

import {CliError, invalidInput} from './errors.js'

// Files a command reads whole — a redirect list, an `api --data @FILE` body, a captured webhook — are checked against
// a limit before they are read: a 1 GB file (or /dev/zero) would otherwise fill the memory and crash the process.
// Large inputs (imports) are streamed instead and have no such limit.

/** The most a whole-read input may hold: far above any real redirect list, API body or webhook delivery. */
export const MAX_INPUT_BYTES = 1024 * 1024
export const MAX_INPUT_TEXT = '1 MiB'

/**
 * The text of `path` ("-" is standard input) when it fits in `limit` (`MAX_INPUT_BYTES` unless given); a larger input is refused with exit 2
 * before it is read (a regular file) or as soon as it runs over (a pipe or a device). `what` names the input in the
 * error, e.g. "--file".
 */
export async function readBoundedText(path: string, what: string, limit = MAX_INPUT_BYTES): Promise<string> {
  const source = path === '-' ? 'standard input' : path
  let file: FileHandle | undefined
  try {
    if (path !== '-') {
      file = await open(path, 'r')
      const {size} = await file.stat()
      if (size > limit) throw tooLarge(source, what, limit, size)
    }
    // A stream reads pipes and devices too (a size of 0 says nothing about them); one chunk past the limit is enough.
    const chunks: Buffer[] = []
    let total = 0
    for await (const chunk of (file?.createReadStream() ?? process.stdin) as AsyncIterable<Buffer>) {
      total += chunk.length
      if (total > limit) throw tooLarge(source, what, limit)
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  } catch (error) {
    throw error instanceof CliError ? error : unreadable(source, what, error)
  } finally {
    await file?.close()
  }
}

function tooLarge(source: string, what: string, limit: number, size?: number) {
  const actual = size === undefined ? 'more than that' : `${size.toLocaleString('en-US')} bytes`
  const text = limit === MAX_INPUT_BYTES ? MAX_INPUT_TEXT : `${limit / 1024 / 1024} MiB`
  return invalidInput(
    `${source} is too large for ${what}: at most ${text} (${limit.toLocaleString('en-US')} bytes) is read, it holds ${actual}`,
    `check that ${source} is the file you meant`,
  )
}

function unreadable(source: string, what: string, error: unknown) {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
  return invalidInput(`cannot read ${what} ${source}: ${reason}`)
}
