import {basename, extname} from 'node:path'

import {utf8Chunks} from '../import/text-file.js'
import {readPushCsv} from './csv-input.js'
import {readPushJson} from './json-input.js'
import type {DesiredState} from './model.js'

/**
 * Reads the file a push describes, whole (it describes one directory, so it is small), as UTF-8 with any BOM
 * dropped: `.json` is SCIM JSON, `.csv` is CSV, and any other name is JSON when its text starts with "{".
 */
export async function readPushFile(path: string): Promise<DesiredState> {
  let text = ''
  for await (const chunk of utf8Chunks(path)) text += chunk
  const file = basename(path)
  const extension = extname(path).toLowerCase()
  const json = extension === '.json' || (extension !== '.csv' && text.trimStart().startsWith('{'))
  return json ? readPushJson(text, file) : readPushCsv(text, file)
}
