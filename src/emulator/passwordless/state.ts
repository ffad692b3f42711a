import {randomBytes, randomInt, randomUUID} from 'node:crypto'
import {Code} from '@connectrpc/connect'
import {type Clock, systemClock} from '../clock.js'
import {safeEqual} from '../http/http-util.js'
import {failedPrecondition, invalidArgument, notFound, rpcError} from '../rpc/errors.js'
import {Outbox, type PasswordlessMessage} from './outbox.js'
import {
  DEFAULT_EXPIRES_IN_SECONDS,
  EMAILS_PER_MINUTE,
  magicLink,
  magicLinkUriProblem,
  type PasswordlessTypeName,
  sendsCode,
  sendsLink,
  templateVariablesProblem,
  WRONG_CODE_LIMIT,
  WRONG_CODE_WINDOW_MS,
} from '../../shared/passwordless-rules.js'
import {DEFAULT_SETTINGS, type PasswordlessSettings} from './settings.js'
import {SlidingWindow} from './sliding-window.js'

export type TemplateName = 'SIGNIN' | 'SIGNUP'

export interface SendInput {
  email: string
  template?: TemplateName
  state?: string
  magiclinkAuthUri?: string
  /** Seconds; 0 or undefined means Scalekit's default of 300. */
  expiresIn?: number
  templateVariables?: Record<string, string>
}

export interface SendResult {
  authRequestId: string
  /** Epoch milliseconds. */
  expiresAt: number
  expiresIn: number
  type: PasswordlessTypeName
}

export interface VerifyInput {
  code?: string
  linkToken?: string
  authRequestId?: string
}

export interface VerifyResult {
  email: string
  state?: string
  template?: TemplateName
  type: PasswordlessTypeName
}

interface AuthRequest {
  id: string
  email: string
  /** The environment's type when the request was made: it decides what every email of the request carries. */
  type: PasswordlessTypeName
  template?: TemplateName
  state?: string
  magiclinkAuthUri?: string
  templateVariables: Record<string, string>
  expiresIn: number
  expiresAt: number
  otp?: string
  /** Every link token mailed for this request; the last one is the valid one. */
  linkTokens: string[]
  /** When wrong codes were entered, for the per-window limit. */
  wrongCodes: number[]
  locked: boolean
  verified: boolean
}

/** Requests are kept a while after they expire so a late verify says "expired" rather than "not found". */
const RETAIN_AFTER_EXPIRY_MS = 60 * 60_000
const MAX_REQUESTS = 10_000

/**
 * Passwordless email sign-in as Scalekit runs it: auth requests, their one-time codes and magic links, the email
 * and wrong-code limits, and the outbox that stands in for a mail server. Everything lives in memory (a restart
 * forgets it, like the emails it would have sent) and reads time from the injected clock.
 */
export class PasswordlessState {
  readonly outbox = new Outbox()
  private current: PasswordlessSettings = {...DEFAULT_SETTINGS}
  private readonly requests = new Map<string, AuthRequest>()
  /** Link token → auth request id, for every token of a request still kept. */
  private readonly linkTokens = new Map<string, string>()
  private readonly emailsPerAddress: SlidingWindow

  constructor(readonly clock: Clock = systemClock) {
    this.emailsPerAddress = new SlidingWindow(60_000, clock)
  }

  get settings(): PasswordlessSettings {
    return {...this.current}
  }

  configure(update: Partial<PasswordlessSettings>): PasswordlessSettings {
    this.current = {...this.current, ...update}
    return this.settings
  }

  send(input: SendInput): SendResult {
    const {type} = this.current
    const templateVariables = input.templateVariables ?? {}
    const variablesProblem = templateVariablesProblem(Object.keys(templateVariables))
    if (variablesProblem) throw invalidArgument(`template_variables: ${variablesProblem}`)
    if (input.magiclinkAuthUri !== undefined) {
      const uriProblem = magicLinkUriProblem(input.magiclinkAuthUri)
      if (uriProblem) throw invalidArgument(`magiclink_auth_uri: ${uriProblem}`)
    } else if (sendsLink(type)) {
      throw invalidArgument(
        `magiclink_auth_uri is required: the passwordless type of this environment is ${type}, which mails a magic link`,
      )
    }
    this.takeEmailSlot(input.email)
    this.prune()
    const request: AuthRequest = {
      // Opaque and unguessable: with same-browser enforcement it is what proves the browser asked for the link.
      id: randomBytes(24).toString('base64url'),
      email: input.email,
      type,
      template: input.template,
      state: input.state,
      magiclinkAuthUri: input.magiclinkAuthUri,
      templateVariables: {...templateVariables},
      expiresIn: input.expiresIn || DEFAULT_EXPIRES_IN_SECONDS,
      expiresAt: 0,
      linkTokens: [],
      wrongCodes: [],
      locked: false,
      verified: false,
    }
    this.requests.set(request.id, request)
    this.issueCredentials(request)
    this.mail(request, 'send')
    return this.sent(request)
  }

  resend(authRequestId: string): SendResult {
    const request = this.find(authRequestId)
    this.assertOpen(request)
    this.takeEmailSlot(request.email)
    if (this.current.newCredentialOnResend) this.issueCredentials(request)
    else request.expiresAt = this.expiryFrom(request)
    this.mail(request, 'resend')
    return this.sent(request)
  }

  verify({code, linkToken, authRequestId}: VerifyInput): VerifyResult {
    const requestId = authRequestId || undefined
    if (linkToken !== undefined) return this.verifyLink(linkToken, requestId)
    if (code !== undefined) return this.verifyCode(code, requestId)
    throw invalidArgument('pass a code or a link_token to verify')
  }

  /** Back to a new environment's state: default settings, no requests, no emails. */
  reset(): void {
    this.current = {...DEFAULT_SETTINGS}
    this.requests.clear()
    this.linkTokens.clear()
    this.emailsPerAddress.clear()
    this.outbox.clear()
  }

  private verifyCode(code: string, authRequestId: string | undefined): VerifyResult {
    if (!authRequestId) throw invalidArgument('auth_request_id is required to verify a code')
    const request = this.find(authRequestId)
    this.assertOpen(request)
    if (!request.otp) {
      throw invalidArgument(`auth request ${request.id} was mailed as a magic link only; verify it with its link_token`)
    }
    this.assertUnexpired(request, 'code')
    if (!safeEqual(code, request.otp)) {
      const now = this.clock()
      request.wrongCodes = [...request.wrongCodes.filter((at) => at > now - WRONG_CODE_WINDOW_MS), now]
      const left = WRONG_CODE_LIMIT - request.wrongCodes.length
      if (left > 0) throw invalidArgument(`the code is wrong; ${left} ${left === 1 ? 'attempt' : 'attempts'} left`)
      request.locked = true
      throw invalidArgument('the code is wrong, and that was the last attempt: this auth request is now locked')
    }
    return this.complete(request)
  }

  private verifyLink(linkToken: string, authRequestId: string | undefined): VerifyResult {
    const owner = this.linkTokens.get(linkToken)
    const request = owner === undefined ? undefined : this.requests.get(owner)
    if (!request) throw invalidArgument('the link token is not valid')
    if (authRequestId !== undefined && authRequestId !== request.id) {
      throw invalidArgument(`the link token does not belong to auth request ${authRequestId}`)
    }
    if (this.current.enforceSameBrowserOrigin && authRequestId === undefined) {
      throw invalidArgument(
        'this environment enforces the same browser origin: verify the link token together with the auth_request_id',
      )
    }
    this.assertOpen(request)
    if (request.linkTokens.at(-1) !== linkToken) {
      throw failedPrecondition('this magic link was replaced by a newer email (a resend); use the latest link')
    }
    this.assertUnexpired(request, 'magic link')
    return this.complete(request)
  }

  private complete(request: AuthRequest): VerifyResult {
    request.verified = true
    return {email: request.email, state: request.state, template: request.template, type: request.type}
  }

  private find(authRequestId: string): AuthRequest {
    const request = this.requests.get(authRequestId)
    if (!request) throw notFound(`auth request ${authRequestId} not found`)
    return request
  }

  /** A request that was verified, or locked by wrong codes, is over: only a new send starts again. */
  private assertOpen(request: AuthRequest): void {
    if (request.locked) {
      throw rpcError(
        Code.ResourceExhausted,
        `too many wrong codes for auth request ${request.id} (at most ${WRONG_CODE_LIMIT} in 10 minutes): send a new email to start again`,
      )
    }
    if (request.verified) {
      throw failedPrecondition(`auth request ${request.id} was already verified: a code or magic link works once`)
    }
  }

  private assertUnexpired(request: AuthRequest, what: string): void {
    if (this.clock() >= request.expiresAt) {
      throw failedPrecondition(
        `the ${what} expired at ${new Date(request.expiresAt).toISOString()}: resend or send a new email`,
      )
    }
  }

  private takeEmailSlot(email: string): void {
    const address = email.toLowerCase()
    if (this.emailsPerAddress.count(address) >= EMAILS_PER_MINUTE) {
      const seconds = Math.ceil(this.emailsPerAddress.msUntilSlot(address) / 1000)
      throw rpcError(
        Code.ResourceExhausted,
        `too many emails to ${email}: at most ${EMAILS_PER_MINUTE} passwordless emails per minute per address, sends and resends together; try again in ${seconds} s`,
      )
    }
    this.emailsPerAddress.add(address)
  }

  /** New code and link for the request's type; the previous ones stop working. */
  private issueCredentials(request: AuthRequest): void {
    if (sendsCode(request.type)) request.otp = String(randomInt(0, 1_000_000)).padStart(6, '0')
    if (sendsLink(request.type)) {
      // Scalekit's link tokens are a UUID with an `_l` suffix: random and URL-safe.
      const token = `${randomUUID()}_l`
      request.linkTokens.push(token)
      this.linkTokens.set(token, request.id)
    }
    request.expiresAt = this.expiryFrom(request)
  }

  private expiryFrom(request: AuthRequest): number {
    return this.clock() + request.expiresIn * 1000
  }

  private mail(request: AuthRequest, reason: 'send' | 'resend'): void {
    const linkToken = request.linkTokens.at(-1)
    this.outbox.add<PasswordlessMessage>({
      kind: 'passwordless',
      to: request.email,
      subject: subjectOf(request),
      template: request.template ?? null,
      type: request.type,
      reason,
      authRequestId: request.id,
      otp: request.otp ?? null,
      linkToken: linkToken ?? null,
      magicLink: linkToken && request.magiclinkAuthUri ? magicLink(request.magiclinkAuthUri, linkToken) : null,
      state: request.state ?? null,
      templateVariables: {...request.templateVariables},
      sentAt: new Date(this.clock()).toISOString(),
      expiresAt: new Date(request.expiresAt).toISOString(),
    })
  }

  private sent(request: AuthRequest): SendResult {
    return {authRequestId: request.id, expiresAt: request.expiresAt, expiresIn: request.expiresIn, type: request.type}
  }

  private prune(): void {
    const cutoff = this.clock() - RETAIN_AFTER_EXPIRY_MS
    for (const request of this.requests.values()) {
      if (request.expiresAt < cutoff || this.requests.size >= MAX_REQUESTS) this.forget(request)
    }
  }

  private forget(request: AuthRequest): void {
    this.requests.delete(request.id)
    for (const token of request.linkTokens) this.linkTokens.delete(token)
  }
}

function subjectOf(request: AuthRequest): string {
  if (request.template === 'SIGNUP') return 'Verify your email address'
  if (request.type === 'OTP') return 'Your sign-in code'
  return request.type === 'LINK' ? 'Your sign-in link' : 'Your sign-in link and code'
}
