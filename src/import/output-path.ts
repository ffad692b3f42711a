import {accessSync, constants, lstatSync, statSync, type Stats} from 'node:fs'
import {dirname, resolve} from 'node:path'

import {CliError, invalidInput} from '../errors.js'

// Output paths are checked before any API call, so a typo costs nothing: one sentence and exit 2 instead of a raw
// errno after the work is done. The checks create nothing (a dry run writes nothing); the write itself still copes
// with what changes in between.

const statOrUndefined = (path: string, follow = true): Stats | undefined => {
  try {
    return follow ? statSync(path) : lstatSync(path)
  } catch {
    return undefined
  }
}

function whyNotWritable(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK)
    return undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'EROFS' ? `${path} is on a read-only file system` : `you may not write to ${path}`
  }
}

/** Why files cannot be made in `dir` (undefined when they can); `create`: a missing directory may be created. */
function directoryProblem(dir: string, create: boolean): string | undefined {
  if (statOrUndefined(dir, false)) {
    const target = statOrUndefined(dir)
    if (!target) return `${dir} is a symbolic link to something that does not exist`
    if (!target.isDirectory()) return `${dir} is a file, not a directory`
    return whyNotWritable(dir)
  }
  if (!create) return `the directory ${dir} does not exist`
  let ancestor = dirname(dir)
  while (!statOrUndefined(ancestor, false) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor)
  return directoryProblem(ancestor, false)
}

/**
 * A directory the command may create files in: it exists and is writable, or (`create`) it can be created because
 * its nearest existing ancestor is a writable directory.
 */
export function assertWritableDirectory(path: string, flag: string, options: {create: boolean}): void {
  const problem = directoryProblem(resolve(path), options.create)
  if (problem) throw invalidInput(`${flag} ${path} cannot be used: ${problem}`, `name a directory you can write to`)
}

/** A file the command may write (or replace), in a directory that exists or (`createParent`) can be created. */
export function assertWritableFile(path: string, flag: string, options: {createParent: boolean}): void {
  const absolute = resolve(path)
  const existing = statOrUndefined(absolute)
  const problem = existing?.isDirectory()
    ? 'it is a directory'
    : ((existing && whyNotWritable(absolute)) ?? directoryProblem(dirname(absolute), options.createParent))
  if (problem) throw invalidInput(`${flag} ${path} cannot be written: ${problem}`, 'name a file you can write to')
}

const REFUSED = new Set(['EACCES', 'EEXIST', 'EISDIR', 'ELOOP', 'ENOENT', 'ENOTDIR', 'EPERM', 'EROFS'])

/**
 * A failed write (a report, the checkpoint, an export) as one clear error: a full disk is exit 1 and says so, a
 * place that cannot be written is exit 2. Anything else is returned unchanged.
 */
export function explainWriteFailure(error: unknown, options: {resumable: boolean}): unknown {
  const {code, path} = error as NodeJS.ErrnoException
  if (error instanceof CliError || typeof code !== 'string') return error
  const where = path ? ` writing ${path}` : ''
  const resume = options.resumable ? ', then run the same command with --resume to continue from its checkpoint' : ''
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new CliError('disk_full', `the disk is full (${code}${where})`, {
      cause: error,
      hint: `free some space${resume}`,
    })
  }
  if (REFUSED.has(code)) {
    return new CliError('invalid_input', `cannot write ${path ?? 'a file'} (${code})`, {
      cause: error,
      hint: `choose a place you can write to${resume}`,
    })
  }
  return error
}
