import type {PermissionJson} from '../api/permissions.js'
import {day} from './format.js'
import type {Column} from './table.js'

const origin = (p: PermissionJson) => (p.isScalekitPermission ? 'scalekit' : 'yours')

export const permissionColumns: Column<PermissionJson>[] = [
  {header: 'NAME', value: (p) => p.name},
  {header: 'DESCRIPTION', value: (p) => p.description},
  {header: 'DEFINED BY', value: origin},
  {header: 'CREATED', value: (p) => day(p.createTime)},
]

export function permissionRecord(permission: PermissionJson): Array<[string, string | undefined]> {
  return [
    ['name', permission.name],
    ['id', permission.id],
    ['description', permission.description],
    ['defined by', origin(permission)],
    ['created', permission.createTime],
  ]
}
