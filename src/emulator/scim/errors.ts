export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

/** The `scimType` values of RFC 7644 §3.12 that the emulator uses. */
export type ScimType =
  | 'invalidFilter'
  | 'invalidPath'
  | 'invalidSyntax'
  | 'invalidValue'
  | 'mutability'
  | 'noTarget'
  | 'tooMany'
  | 'uniqueness'

/** A failure answered in SCIM's error format (RFC 7644 §3.12). */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message)
  }

  get body() {
    return {
      schemas: [ERROR_SCHEMA],
      // SCIM carries the HTTP status as a string.
      status: String(this.status),
      ...(this.scimType ? {scimType: this.scimType} : {}),
      detail: this.message,
    }
  }
}

export const badRequest = (scimType: ScimType, message: string) => new ScimError(400, message, scimType)
export const resourceNotFound = (type: string, id: string) => new ScimError(404, `${type} ${id} not found`)
