import {type DescMethod, getExtension, hasExtension} from '@bufbuild/protobuf'
import {BinaryReader} from '@bufbuild/protobuf/wire'
import {AuthenticationType, auth_option} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/options/options_pb.js'

// The SDK ships empty placeholder modules for google/api/annotations.proto, so `google.api.http` stays an unknown field on the
// method options and is decoded here by hand. Scalekit's own `auth_option` extension is in the SDK and decodes
// with getExtension.

/** `google.api.http` extension number on MethodOptions. */
const HTTP_RULE_FIELD = 72295728
/** HttpRule field numbers of the `pattern` oneof that carry a path. */
const VERB_FIELDS: Record<number, string> = {2: 'GET', 3: 'PUT', 4: 'POST', 5: 'DELETE', 6: 'PATCH'}
const HTTP_RULE_BODY = 7
const HTTP_RULE_CUSTOM = 8
const HTTP_RULE_ADDITIONAL_BINDINGS = 11

export interface HttpBinding {
  verb: string
  /** Path template, e.g. `/api/v1/organizations/{id}`. */
  path: string
  /** `*` for the whole request, a field name, or empty for no body. */
  body: string
}

/**
 * Whether a client-credentials token may call the method. Without an `auth_option` the method counts as BLOCKED,
 * which is also what the extension's default value says.
 */
export function callableWithClientCredentials(method: DescMethod): boolean {
  const options = method.proto.options
  if (!options || !hasExtension(options, auth_option)) return false
  return (getExtension(options, auth_option).authenticationType & AuthenticationType.CLIENT) !== 0
}

/** The REST bindings of a method: its HttpRule plus any additional_bindings. */
export function httpBindings(method: DescMethod): HttpBinding[] {
  const unknownFields = method.proto.options?.$unknown ?? []
  // Unknown length-delimited fields keep their length prefix: read it off to get the HttpRule bytes.
  return unknownFields
    .filter((field) => field.no === HTTP_RULE_FIELD)
    .flatMap((field) => decodeHttpRule(new BinaryReader(field.data).bytes()))
}

function decodeHttpRule(bytes: Uint8Array): HttpBinding[] {
  const reader = new BinaryReader(bytes)
  const binding: HttpBinding = {verb: '', path: '', body: ''}
  const additional: HttpBinding[] = []
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag()
    const verb = VERB_FIELDS[field]
    if (verb) {
      binding.verb = verb
      binding.path = reader.string()
    } else if (field === HTTP_RULE_BODY) {
      binding.body = reader.string()
    } else if (field === HTTP_RULE_CUSTOM) {
      Object.assign(binding, decodeCustomPattern(reader.bytes()))
    } else if (field === HTTP_RULE_ADDITIONAL_BINDINGS) {
      additional.push(...decodeHttpRule(reader.bytes()))
    } else {
      reader.skip(wireType, field)
    }
  }
  return binding.path ? [binding, ...additional] : additional
}

/** CustomHttpPattern: kind=1 (the verb), path=2. */
function decodeCustomPattern(bytes: Uint8Array): {verb: string; path: string} {
  const reader = new BinaryReader(bytes)
  const pattern = {verb: '', path: ''}
  while (reader.pos < reader.len) {
    const [field, wireType] = reader.tag()
    if (field === 1) pattern.verb = reader.string().toUpperCase()
    else if (field === 2) pattern.path = reader.string()
    else reader.skip(wireType, field)
  }
  return pattern
}
