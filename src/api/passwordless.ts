import type {ScalekitClient} from '@scalekit-sdk/node'
import type {
  SendPasswordlessResponse,
  VerifyPasswordLessResponse,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js'

import {magicLinkUriProblem, templateVariablesProblem} from '../shared/passwordless-rules.js'
import {CliError, invalidInput} from '../errors.js'
import {MASK, registerSecret} from '../redact.js'
import type {Api} from './client.js'
import {lazyModule} from './proto-json.js'
import {assertEmail} from './users.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js'))

/** Passwordless types by the names the CLI gives them. */
export const PASSWORDLESS_TYPES = {link: 'LINK', 'link-otp': 'LINK_OTP', otp: 'OTP'} as const
export type PasswordlessTypeName = keyof typeof PASSWORDLESS_TYPES

export const TEMPLATES = {signin: 'SIGNIN', signup: 'SIGNUP'} as const
export type TemplateName = keyof typeof TEMPLATES

export interface SendOptions {
  expiresIn?: number
  magiclinkUri?: string
  state?: string
  template?: TemplateName
  /** The type the caller expects; decides whether a magic-link URI is needed. */
  type?: PasswordlessTypeName
  variables?: Record<string, string>
}

/** What a send or resend answered; `expiresAt` is RFC 3339 (Scalekit answers in unix seconds). */
export interface EmailSent {
  authRequestId: string
  expiresAt: string
  expiresIn: number
  passwordlessType: string
}

export interface EmailVerified {
  email: string
  passwordlessType: string
  state: string | null
  template: string | null
}

export type Credential = {code: string} | {linkToken: string}

/** A link token, also when the whole magic link was pasted (`https://app/verify?link_token=…`). */
export function linkTokenOf(value: string): string {
  const trimmed = value.trim()
  const fromUrl = URL.canParse(trimmed) ? new URL(trimmed).searchParams.get('link_token') : null
  return fromUrl ?? trimmed
}

/** Refuses before any call what Scalekit would refuse: a bad email, template variables or magic-link URI. */
export function checkSendOptions(email: string, options: SendOptions): string {
  const address = assertEmail(email)
  const variablesProblem = templateVariablesProblem(Object.keys(options.variables ?? {}))
  if (variablesProblem) throw invalidInput(`--var: ${variablesProblem}`)
  if (options.magiclinkUri !== undefined) {
    const uriProblem = magicLinkUriProblem(options.magiclinkUri)
    if (uriProblem) throw invalidInput(`--magiclink-uri: ${uriProblem}`)
  } else if (options.type && options.type !== 'otp') {
    throw invalidInput(`--magiclink-uri is required with --type ${options.type}`, LINK_URI_HINT)
  }
  return address
}

const LINK_URI_HINT =
  "pass your app's verify page, e.g. --magiclink-uri https://app.example.com/passwordless/verify (the email links to it with ?link_token=…)"

export async function sendPasswordlessEmail(api: Api, email: string, options: SendOptions): Promise<EmailSent> {
  const {TemplateType} = await schemas()
  try {
    const res = await call(api, 'emails', (c) =>
      c.passwordless.sendPasswordlessEmail(email, {
        expiresIn: options.expiresIn,
        magiclinkAuthUri: options.magiclinkUri,
        state: options.state,
        template: options.template ? TemplateType[TEMPLATES[options.template]] : undefined,
        templateVariables: options.variables,
      }),
    )
    return await toSent(res)
  } catch (error) {
    // Without --type the CLI cannot know the environment mails links; the server's refusal says so.
    if (error instanceof CliError && error.code === 'invalid_input' && /magiclink_auth_uri/.test(error.message)) {
      throw new CliError(error.code, error.message, {cause: error, hint: LINK_URI_HINT})
    }
    throw error
  }
}

export async function resendPasswordlessEmail(api: Api, authRequestId: string): Promise<EmailSent> {
  return toSent(await call(api, 'emails', (c) => c.passwordless.resendPasswordlessEmail(authRequestId)))
}

/** The code and the link token are one-time credentials: they never appear in what this prints about a failure. */
export async function verifyPasswordlessEmail(
  api: Api,
  credential: Credential,
  authRequestId: string | undefined,
): Promise<EmailVerified> {
  const secret = 'code' in credential ? credential.code : credential.linkToken
  registerSecret(secret)
  try {
    return await toVerified(
      await call(api, 'attempts', (c) => c.passwordless.verifyPasswordlessEmail(credential, authRequestId)),
    )
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    // Codes are too short for the process-wide redactor (it would mask ordinary words), so they are masked here;
    // a cause that names one is left out, since --verbose prints it.
    const message = error.message.split(secret).join(MASK)
    const hint = error.code === 'invalid_input' ? VERIFY_HINT : error.hint
    throw new CliError(error.code, message, {cause: message === error.message ? error : undefined, hint})
  }
}

const VERIFY_HINT =
  'a code or link works once and until it expires, and 5 wrong codes lock the request; on the emulator, read the email with skctl emulator outbox'

const RATE_HINTS = {
  attempts: 'after 5 wrong codes in 10 minutes an auth request is locked: start again with skctl passwordless send',
  emails:
    'Scalekit mails at most 2 passwordless emails per minute to one address, sends and resends together: wait a minute. An auth request locked by 5 wrong codes needs a new send.',
}

/** One SDK call, with Scalekit's passwordless limits (RESOURCE_EXHAUSTED) explained. */
async function call<T>(
  api: Api,
  limit: keyof typeof RATE_HINTS,
  work: (client: ScalekitClient) => Promise<T>,
): Promise<T> {
  try {
    return await api.call(work)
  } catch (error) {
    if (!(error instanceof CliError) || error.code !== 'rate_limited') throw error
    const message = /too many/i.test(error.message) ? error.message : `too many ${limit}: ${error.message}`
    throw new CliError('rate_limited', message, {cause: error, hint: RATE_HINTS[limit]})
  }
}

async function toSent(res: SendPasswordlessResponse): Promise<EmailSent> {
  const {PasswordlessType} = await schemas()
  return {
    authRequestId: res.authRequestId,
    expiresAt: new Date(Number(res.expiresAt) * 1000).toISOString(),
    expiresIn: res.expiresIn,
    passwordlessType: PasswordlessType[res.passwordlessType] ?? String(res.passwordlessType),
  }
}

async function toVerified(res: VerifyPasswordLessResponse): Promise<EmailVerified> {
  const {PasswordlessType, TemplateType} = await schemas()
  return {
    email: res.email,
    passwordlessType: PasswordlessType[res.passwordlessType] ?? String(res.passwordlessType),
    state: res.state ?? null,
    template: res.template ? (TemplateType[res.template] ?? null) : null,
  }
}
