import type {Permission} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'

import {CliError, invalidInput} from '../errors.js'
import type {Api} from './client.js'
import {takenNameError} from './errors.js'
import {paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'
import {protobuf} from './protobuf.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'))

/** A permission as the API returns it, in protobuf JSON form. */
export interface PermissionJson {
  createTime?: string
  description: string
  id: string
  /** Permissions Scalekit defines itself, as opposed to the ones you create. */
  isScalekitPermission: boolean
  name: string
  updateTime?: string
}

const PERMISSION_NAME = /^[a-zA-Z0-9_:]{1,64}$/

/** Permission names are 1–64 letters, digits, underscores or colons, e.g. `invoices:read`. */
export function parsePermissionName(value: string): string {
  const name = value.trim()
  if (!PERMISSION_NAME.test(name)) {
    throw invalidInput(
      `"${value}" is not a valid permission name`,
      'use 1–64 letters, digits, underscores or colons, e.g. invoices:read',
    )
  }
  return name
}

async function toJson(permission: Permission | undefined): Promise<PermissionJson> {
  if (!permission) throw new CliError('api_error', 'the API answered without a permission')
  const {PermissionSchema} = await schemas()
  return protoJson<PermissionJson>(PermissionSchema, permission)
}

export function listPermissions(api: Api, limit?: number): Pages<PermissionJson> {
  return paginate(async (pageToken, pageSize) => {
    const res = await api.call((c) => c.permission.listPermissions(pageToken, pageSize))
    return {
      items: await Promise.all(res.permissions.map(toJson)),
      nextPageToken: res.nextPageToken,
      totalSize: res.totalSize,
    }
  }, limit)
}

export async function createPermission(api: Api, name: string, description: string): Promise<PermissionJson> {
  const {create} = protobuf()
  const {CreatePermissionSchema} = await schemas()
  try {
    const res = await api.call((c) =>
      c.permission.createPermission(create(CreatePermissionSchema, {description, name})),
    )
    return toJson(res.permission)
  } catch (error) {
    throw await takenNameError(
      error,
      () => api.call((c) => c.permission.getPermission(name)),
      `permission ${name} already exists`,
      'permission names are unique; skctl permissions list shows the existing ones',
    )
  }
}

export async function deletePermission(api: Api, name: string): Promise<void> {
  await api.call((c) => c.permission.deletePermission(name))
}

export async function updatePermission(api: Api, name: string, description: string): Promise<PermissionJson> {
  const {create} = protobuf()
  const {CreatePermissionSchema} = await schemas()
  const res = await api.call((c) =>
    c.permission.updatePermission(name, create(CreatePermissionSchema, {description, name})),
  )
  return toJson(res.permission)
}
