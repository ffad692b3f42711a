import type {DirectoryView, ViewGroup, ViewUser} from '../scim/directory-view.js'
import {ACTION_KINDS, type ActionKind, type PushAction} from '../scim/push.js'
import {yesNo} from './format.js'
import {count} from './plural.js'
import type {Column} from './table.js'

export const pushActionColumns: Column<PushAction>[] = [
  {header: 'TYPE', value: (a) => a.type},
  {header: 'NAME', value: (a) => a.name},
  {header: 'ACTION', value: (a) => a.action},
  {header: 'ID', value: (a) => a.id},
  {header: 'AT', value: (a) => a.at},
  {header: 'DETAIL', value: (a) => a.detail},
]

export const viewUserColumns: Column<ViewUser>[] = [
  {header: 'ID', value: (u) => u.id},
  {header: 'USERNAME', value: (u) => u.userName},
  {header: 'EMAIL', value: (u) => u.email},
  {header: 'NAME', value: (u) => [u.givenName, u.familyName].filter(Boolean).join(' ')},
  {header: 'ACTIVE', value: (u) => (u.active === undefined ? '' : yesNo(u.active))},
  {header: 'GROUPS', value: (u) => u.groups.join(', ')},
]

export const viewGroupColumns: Column<ViewGroup>[] = [
  {header: 'ID', value: (g) => g.id},
  {header: 'NAME', value: (g) => g.displayName},
  {header: 'USERS', value: (g) => g.totalUsers},
]

/** `2 created, 1 updated, 1 failed`: the kinds that happened. */
export function summaryLine(counts: Record<ActionKind, number>): string {
  const parts = ACTION_KINDS.filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${kind}`)
  return parts.join(', ') || 'nothing to do'
}

/** `2 users and 1 group` */
export function viewSize(view: DirectoryView): string {
  return `${count(view.users.length, 'user')} and ${count(view.groups.length, 'group')}`
}
