import type {Api} from '../api/client.js'
import {type DirectoryJson, getDirectory, listDirectories} from '../api/directories.js'
import {collect} from '../api/paginate.js'
import {CliError, usageError} from '../errors.js'

/**
 * The directory to push to: the one named, else the organization's only directory. With none or several there is
 * nothing to guess: say which exist and how to name one.
 */
export async function chooseDirectory(
  api: Api,
  organizationId: string,
  org: string,
  id: string | undefined,
): Promise<DirectoryJson> {
  if (id) return getDirectory(api, organizationId, id)
  const {items} = await collect(listDirectories(api, organizationId))
  const [only, ...others] = items
  if (!only) {
    throw new CliError('not_found', `organization ${org} has no directory to push to`, {
      hint: `skctl directories create --org ${org}`,
    })
  }
  if (others.length === 0) return only
  const list = items.map((d) => `${d.id} (${d.name || d.directoryProvider}${d.enabled ? '' : ', disabled'})`)
  throw usageError(
    `organization ${org} has ${items.length} directories: ${list.join(', ')}`,
    `say which with --directory, e.g. --directory ${only.id}`,
  )
}
