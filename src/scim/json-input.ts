import type {JsonObject, JsonValue} from '@bufbuild/protobuf'

import {attribute, booleanOf, GROUP_SCHEMA, isObject, text, USER_SCHEMA} from '../shared/scim.js'
import {invalidInput} from '../errors.js'
import {type DesiredGroup, type DesiredState, type DesiredUser, type MemberRef, nameKey} from './model.js'

/** Attributes the service provider owns, or that push sets apart: never sent from the file as they are. */
const SERVER_OWNED = ['id', 'meta']
const HINT =
  'write {"Users": [SCIM Users], "Groups": [SCIM Groups]} or a ListResponse whose "Resources" each list their schema'

interface Item {
  at: string
  value: JsonValue
}

/**
 * Reads a SCIM JSON file: `{"Users": [...], "Groups": [...]}`, or a ListResponse-like `{"Resources": [...]}` whose
 * resources say by their `schemas` whether they are Users or Groups. Group members name users by `value` (a
 * userName of the file, else a SCIM id) or `display` (a userName), or are plain userName strings.
 */
export function readPushJson(source: string, file: string): DesiredState {
  let document: JsonValue
  try {
    document = JSON.parse(source) as JsonValue
  } catch (error) {
    throw invalidInput(`${file} is not valid JSON: ${(error as Error).message}`, HINT)
  }
  if (!isObject(document)) throw invalidInput(`${file} is not a JSON object`, HINT)
  const {users, groups} = splitResources(document, file)
  const state: DesiredState = {format: 'scim-json', users: [], groups: [], problems: [], named: new Set()}
  const seenUsers = new Map<string, string>()
  for (const {at, value} of users) {
    const userName = isObject(value) ? (text(value, 'userName')?.trim() ?? '') : ''
    if (userName) state.named.add(nameKey(userName))
    const problem = (message: string) => state.problems.push({at, type: 'user', name: userName, message})
    if (!isObject(value)) problem('a User must be a JSON object')
    else if (!userName) problem('userName is missing')
    else if (seenUsers.has(nameKey(userName)))
      problem(`userName ${userName} is also at ${seenUsers.get(nameKey(userName))}`)
    else {
      seenUsers.set(nameKey(userName), at)
      const user = toUser(at, userName, value)
      if (typeof user === 'string') problem(user)
      else state.users.push(user)
    }
  }
  const seenGroups = new Map<string, string>()
  for (const {at, value} of groups) {
    const displayName = isObject(value) ? (text(value, 'displayName')?.trim() ?? '') : ''
    const problem = (message: string) => state.problems.push({at, type: 'group', name: displayName, message})
    if (!isObject(value)) problem('a Group must be a JSON object')
    else if (!displayName) problem('displayName is missing')
    else if (seenGroups.has(nameKey(displayName))) {
      problem(`displayName ${displayName} is also at ${seenGroups.get(nameKey(displayName))}`)
    } else {
      seenGroups.set(nameKey(displayName), at)
      const group = toGroup(at, displayName, value, seenUsers)
      if (typeof group === 'string') problem(group)
      else state.groups.push(group)
    }
  }
  return state
}

function splitResources(document: JsonObject, file: string): {groups: Item[]; users: Item[]} {
  const listed = (name: string): Item[] | undefined => {
    const value = attribute(document, name)
    if (value === undefined) return undefined
    if (!Array.isArray(value)) throw invalidInput(`${file}: "${name}" must be an array`, HINT)
    return value.map((item, index) => ({at: `${name}[${index}]`, value: item}))
  }
  const resources = listed('Resources')
  if (resources) {
    const users = resources.filter(({value}) => declares(value, USER_SCHEMA))
    const groups = resources.filter(({value}) => declares(value, GROUP_SCHEMA))
    const neither = resources.find((item) => !users.includes(item) && !groups.includes(item))
    if (neither) {
      throw invalidInput(`${file}: ${neither.at} lists neither the User nor the Group schema in "schemas"`, HINT)
    }
    return {users, groups}
  }
  const users = listed('Users')
  const groups = listed('Groups')
  if (!users && !groups) throw invalidInput(`${file} has no "Users", "Groups" or "Resources" array`, HINT)
  return {users: users ?? [], groups: groups ?? []}
}

function declares(resource: JsonValue, schema: string): boolean {
  const schemas = isObject(resource) ? attribute(resource, 'schemas') : undefined
  return (
    Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === schema.toLowerCase())
  )
}

function toUser(at: string, userName: string, value: JsonObject): DesiredUser | string {
  const given = attribute(value, 'active')
  const active = given === undefined || given === null ? true : booleanOf(given)
  if (active === undefined) return `active ${JSON.stringify(given)} is not true or false`
  // `groups` is read-only on a User (RFC 7643 §4.1.2): membership is pushed through the Groups.
  const resource = withSchema(without(value, [...SERVER_OWNED, 'active', 'groups', 'userName']), USER_SCHEMA)
  return {at, userName, active, resource: {...resource, userName}}
}

function toGroup(
  at: string,
  displayName: string,
  value: JsonObject,
  fileUsers: Map<string, string>,
): DesiredGroup | string {
  const given = attribute(value, 'members') ?? []
  if (!Array.isArray(given)) return 'members must be an array'
  const members: MemberRef[] = []
  for (const [index, member] of given.entries()) {
    const ref = memberRef(member, fileUsers)
    if (!ref) return `members[${index}] needs a "value" (a userName or a user's id) or a "display" (a userName)`
    members.push(ref)
  }
  const resource = withSchema(without(value, [...SERVER_OWNED, 'members', 'displayName']), GROUP_SCHEMA)
  return {at, displayName, members, resource: {...resource, displayName}}
}

function memberRef(member: JsonValue, fileUsers: Map<string, string>): MemberRef | undefined {
  if (typeof member === 'string') return member.trim() ? {userName: member.trim()} : undefined
  if (!isObject(member)) return undefined
  const value = text(member, 'value')?.trim()
  if (value) return fileUsers.has(nameKey(value)) ? {userName: value} : {id: value}
  const display = text(member, 'display')?.trim()
  return display ? {userName: display} : undefined
}

function without(resource: JsonObject, names: string[]): JsonObject {
  const drop = new Set(names.map((name) => name.toLowerCase()))
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !drop.has(key.toLowerCase())))
}

/** The resource's `schemas`, with its core schema added when the file left it out. */
function withSchema(resource: JsonObject, schema: string): JsonObject {
  const schemas = attribute(resource, 'schemas')
  const listed = Array.isArray(schemas) ? schemas.filter((s): s is string => typeof s === 'string') : []
  const rest = without(resource, ['schemas'])
  const all = listed.some((s) => s.toLowerCase() === schema.toLowerCase()) ? listed : [schema, ...listed]
  return {schemas: all, ...rest}
}
