import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import type {MigrationInput} from '../../../../src/import/model.js'
import {tempDir} from '../../../helpers/tmp.js'

const FIXTURES = fileURLToPath(new URL('../../../fixtures/migrate/', import.meta.url))

export const fixture = (provider: string, name: string) => join(FIXTURES, provider, name)

/** A file for one test, in a directory removed after it. */
export function scratch(name: string, content: string): string {
  const file = join(tempDir(), name)
  writeFileSync(file, content)
  return file
}

/** Everything a reader produced, users iterated to the end (which is when passwordHashes() is known). */
export async function readAll(input: MigrationInput) {
  const users = []
  for await (const user of input.users) users.push(user)
  return {organizations: input.organizations, passwordHashes: input.passwordHashes(), users}
}
