import type {JsonObject} from '@bufbuild/protobuf'
import {ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA} from '../../shared/scim.js'
import {resourceNotFound} from './errors.js'
import {listResponse, MAX_COUNT} from './listing.js'

// Discovery endpoints (RFC 7644 §4): what identity providers read to learn what this server supports. Minimal:
// the schemas list the attributes the emulator maps, not every attribute of RFC 7643.

export function serviceProviderConfig(base: string): JsonObject {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    patch: {supported: true},
    bulk: {supported: false, maxOperations: 0, maxPayloadSize: 0},
    filter: {supported: true, maxResults: MAX_COUNT},
    changePassword: {supported: false},
    sort: {supported: false},
    etag: {supported: false},
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: "The directory's bearer secret in the Authorization header",
        primary: true,
      },
    ],
    meta: {resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig`},
  }
}

const RESOURCE_TYPES = [
  {
    id: 'User',
    endpoint: '/Users',
    schema: USER_SCHEMA,
    schemaExtensions: [{schema: ENTERPRISE_USER_SCHEMA, required: false}],
  },
  {id: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, schemaExtensions: []},
]

export function resourceTypes(base: string, id?: string): JsonObject {
  const all = RESOURCE_TYPES.map((type) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: type.id,
    name: type.id,
    endpoint: type.endpoint,
    schema: type.schema,
    schemaExtensions: type.schemaExtensions,
    meta: {resourceType: 'ResourceType', location: `${base}/ResourceTypes/${type.id}`},
  }))
  return pick(all, id, 'ResourceType')
}

const attr = (name: string, type: string, extra: JsonObject = {}): JsonObject => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
})
const complex = (name: string, subAttributes: JsonObject[], extra: JsonObject = {}) =>
  attr(name, 'complex', {subAttributes, ...extra})
const multi = {multiValued: true}

const SCHEMAS = [
  {
    id: USER_SCHEMA,
    name: 'User',
    description: 'User Account',
    attributes: [
      attr('userName', 'string', {required: true, uniqueness: 'server'}),
      attr('externalId', 'string', {caseExact: true}),
      complex('name', [attr('formatted', 'string'), attr('givenName', 'string'), attr('familyName', 'string')]),
      attr('displayName', 'string'),
      attr('nickName', 'string'),
      attr('title', 'string'),
      attr('active', 'boolean'),
      complex('emails', [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')], multi),
      complex('phoneNumbers', [attr('value', 'string'), attr('type', 'string'), attr('primary', 'boolean')], multi),
      complex('groups', [attr('value', 'string'), attr('display', 'string')], {...multi, mutability: 'readOnly'}),
    ],
  },
  {
    id: GROUP_SCHEMA,
    name: 'Group',
    description: 'Group',
    attributes: [
      attr('displayName', 'string', {required: true, uniqueness: 'server'}),
      attr('externalId', 'string', {caseExact: true}),
      complex('members', [attr('value', 'string', {mutability: 'immutable'}), attr('display', 'string')], multi),
    ],
  },
  {
    id: ENTERPRISE_USER_SCHEMA,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: ['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((name) =>
      attr(name, 'string'),
    ),
  },
]

export function schemas(base: string, id?: string): JsonObject {
  const all = SCHEMAS.map((schema) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    ...schema,
    meta: {resourceType: 'Schema', location: `${base}/Schemas/${schema.id}`},
  }))
  return pick(all, id, 'Schema')
}

/** The whole list, or the one entry `id` names. */
function pick(all: JsonObject[], id: string | undefined, kind: string): JsonObject {
  if (id === undefined) return listResponse(all, all.length, 1)
  const found = all.find((entry) => entry.id === id)
  if (!found) throw resourceNotFound(kind, id)
  return found
}
