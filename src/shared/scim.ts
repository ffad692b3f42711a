import type {JsonObject, JsonValue} from '@bufbuild/protobuf'

// SCIM schemas and attribute helpers, for the emulator's SCIM server and the CLI's SCIM client alike.
//
// SCIM attribute names are case-insensitive (RFC 7643 §2.1) while resources keep the spelling the identity provider
// used. These helpers read and write JSON resources by attribute name regardless of case.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The key of `object` that names attribute `name`, in the object's own spelling. */
export function keyOf(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name
  const lower = name.toLowerCase()
  return Object.keys(object).find((key) => key.toLowerCase() === lower)
}

export function attribute(object: JsonObject, name: string): JsonValue | undefined {
  const key = keyOf(object, name)
  return key === undefined ? undefined : object[key]
}

/** Sets `name`, overwriting whatever spelling of it the object had. */
export function setAttribute(object: JsonObject, name: string, value: JsonValue): void {
  object[keyOf(object, name) ?? name] = value
}

export function removeAttribute(object: JsonObject, name: string): void {
  const key = keyOf(object, name)
  if (key !== undefined) delete object[key]
}

export function text(object: JsonObject | undefined, name: string): string | undefined {
  const value = object && attribute(object, name)
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The value of a multi-valued attribute (emails, phoneNumbers, …) a person would call theirs: the primary
 * entry, else the first one.
 */
export function primaryEntry(object: JsonObject, name: string): JsonObject | undefined {
  const entries = attribute(object, name)
  if (!Array.isArray(entries)) return undefined
  const objects = entries.filter(isObject)
  return objects.find((entry) => isTrue(attribute(entry, 'primary'))) ?? objects[0]
}

/** Every `value` of a multi-valued attribute, primary first. */
export function entryValues(object: JsonObject, name: string): string[] {
  const entries = attribute(object, name)
  if (!Array.isArray(entries)) return []
  const primary = primaryEntry(object, name)
  const ordered = primary ? [primary, ...entries.filter((entry) => entry !== primary)] : entries
  return ordered.flatMap((entry) => {
    const value = isObject(entry) ? text(entry, 'value') : undefined
    return value ? [value] : []
  })
}

/** Entra ID sends booleans as the strings "True" and "False". */
export function isTrue(value: JsonValue | undefined): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true')
}

export function booleanOf(value: JsonValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
  return undefined
}

export function clone<T extends JsonValue>(value: T): T {
  return structuredClone(value)
}

/** Deep equality of JSON values; key order does not matter. */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a)
    return (
      keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]))
    )
  }
  return false
}
