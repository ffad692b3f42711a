import {randomBytes} from 'node:crypto'
import {chmod, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

/**
 * Writes `text` to `path` through a temporary file beside it and a rename, so a reader never sees half a file and a
 * failed write leaves any previous file in place. Errors are the file system's own; the temporary file is removed.
 * With `mode`, the file has exactly that mode whatever the umask (private files: 0o600).
 */
export async function writeFileAtomically(path: string, text: string, options: {mode?: number} = {}): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temp, text, {encoding: 'utf8', mode: options.mode})
    if (options.mode !== undefined) await chmod(temp, options.mode)
    await rename(temp, path)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}
