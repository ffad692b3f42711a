import {constants} from 'node:fs'
import {access, stat} from 'node:fs/promises'
import {dirname, resolve} from 'node:path'

import {writeFileAtomically} from '../atomic-file.js'
import {invalidInput} from '../errors.js'

const HINT = 'pass --handoff a file path in an existing, writable directory, e.g. --handoff acme-handoff.md'

/**
 * Checks before any API call that the handoff can be written where asked: the path is not a directory and its
 * directory exists and is writable. An onboarding that ran every step and then could not write its result would
 * leave the user without the handoff, so a bad path is bad input (exit 2) up front.
 */
export async function checkHandoffPath(path: string): Promise<string> {
  const target = resolve(path)
  const kind = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw invalidInput(`cannot write --handoff ${path} (${error.code ?? error.message})`, HINT)
  })
  if (kind?.isDirectory()) throw invalidInput(`--handoff ${path} is a directory`, HINT)
  const directory = dirname(target)
  try {
    if (!(await stat(directory)).isDirectory()) throw Object.assign(new Error('not a directory'), {code: 'ENOTDIR'})
    await access(directory, constants.W_OK)
    if (kind) await access(target, constants.W_OK)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw invalidInput(`cannot write --handoff ${path} (${reason})`, HINT)
  }
  return target
}

/** Writes the handoff atomically (a temporary file, then a rename). */
export async function writeHandoff(path: string, markdown: string): Promise<void> {
  try {
    await writeFileAtomically(path, markdown)
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw invalidInput(`cannot write --handoff ${path} (${reason})`, HINT)
  }
}
