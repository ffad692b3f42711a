import {randomBytes} from 'node:crypto'
import {rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

/**
 * Writes `text` to `path` through a temporary file beside it and a rename, so a reader never sees half a file and a
 * failed write leaves any previous file in place. Errors are the file system's own; the temporary file is removed.
 */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, text, 'utf8')
    await rename(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}
