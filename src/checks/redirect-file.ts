import {readBoundedText} from '../bounded-file.js'
import {parseRedirectList} from './redirects.js'

/** Redirect URLs from a file named by `--<flag>` (`-` for standard input), bounded in size; unreadable is exit 2. */
export async function readRedirectFile(path: string, flag: string): Promise<string[]> {
  return parseRedirectList(await readBoundedText(path, `--${flag}`))
}
