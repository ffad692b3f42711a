import {readFileSync} from 'node:fs'

import {usageError} from '../errors.js'
import {parseRedirectList} from './redirects.js'

/** Redirect URLs from a file named by `--<flag>` (`-` for standard input); an unreadable file is exit 2. */
export function readRedirectFile(path: string, flag: string): string[] {
  try {
    return parseRedirectList(readFileSync(path === '-' ? 0 : path, 'utf8'))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw usageError(`cannot read --${flag} ${path} (${reason})`, 'pass a readable text file with one URL a line')
  }
}
