/**
 * Scalekit's documented passwordless rules (passwordless quickstart and custom email templates). The CLI checks
 * the same ones before calling, so they live in one place.
 */
export const DEFAULT_EXPIRES_IN_SECONDS = 300
/** Sends and resends together, per email address. */
export const EMAILS_PER_MINUTE = 2
/** Wrong codes per auth request within WRONG_CODE_WINDOW_MS; after that the request is locked for good. */
export const WRONG_CODE_LIMIT = 5
export const WRONG_CODE_WINDOW_MS = 10 * 60_000
export const MAX_TEMPLATE_VARIABLES = 30
/** Names Scalekit's own email templates use. */
export const RESERVED_TEMPLATE_VARIABLES: readonly string[] = [
  'otp',
  'expiry_time_relative',
  'link',
  'expire_time',
  'expiry_time',
]

export type PasswordlessTypeName = 'OTP' | 'LINK' | 'LINK_OTP'
export const PASSWORDLESS_TYPES: readonly PasswordlessTypeName[] = ['OTP', 'LINK', 'LINK_OTP']

export const sendsCode = (type: PasswordlessTypeName) => type !== 'LINK'
export const sendsLink = (type: PasswordlessTypeName) => type !== 'OTP'

/** What is wrong with a set of template variable names, or undefined when Scalekit would accept them. */
export function templateVariablesProblem(names: readonly string[]): string | undefined {
  if (names.length > MAX_TEMPLATE_VARIABLES) {
    return `${names.length} template variables were given; at most ${MAX_TEMPLATE_VARIABLES} are allowed`
  }
  if (names.some((name) => name.trim() === '')) return 'template variable names must not be empty'
  const reserved = names.filter((name) => RESERVED_TEMPLATE_VARIABLES.includes(name.toLowerCase()))
  if (reserved.length > 0) {
    return `template variable ${reserved.map((name) => `"${name}"`).join(', ')} ${reserved.length === 1 ? 'is' : 'are'} reserved (reserved names: ${RESERVED_TEMPLATE_VARIABLES.join(', ')})`
  }
  return undefined
}

/** The magic link's base must be an absolute http(s) URL: the user's browser opens it. */
export function magicLinkUriProblem(uri: string): string | undefined {
  if (!URL.canParse(uri)) return `"${uri}" is not an absolute URL`
  const {protocol} = new URL(uri)
  return protocol === 'http:' || protocol === 'https:' ? undefined : `"${uri}" must be an http or https URL`
}

/** `<magiclink_auth_uri>?link_token=<token>`, keeping a query or fragment the URI already has. */
export function magicLink(uri: string, linkToken: string): string {
  const url = new URL(uri)
  const param = `link_token=${encodeURIComponent(linkToken)}`
  url.search = url.search ? `${url.search}&${param}` : `?${param}`
  return url.toString()
}
