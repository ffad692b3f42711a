import type {MessageInitShape} from '@bufbuild/protobuf'
import {
  PasswordlessService,
  PasswordlessType,
  type SendPasswordlessResponseSchema,
  TemplateType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js'
import type {SendResult, TemplateName} from '../passwordless/state.js'
import {defineService} from '../rpc/service-definition.js'

/** Passwordless email sign-in; the rules live in `passwordless/state.ts`, this maps the wire messages. */
export const passwordlessService = defineService(PasswordlessService, {
  sendPasswordlessEmail(request, {passwordless}) {
    return toResponse(
      passwordless.send({
        email: request.email,
        template: templateName(request.template),
        state: request.state,
        magiclinkAuthUri: request.magiclinkAuthUri,
        expiresIn: request.expiresIn,
        templateVariables: request.templateVariables,
      }),
    )
  },

  resendPasswordlessEmail({authRequestId}, {passwordless}) {
    return toResponse(passwordless.resend(authRequestId))
  },

  // Verification only: no user and no session. Scalekit's headless quickstart verifies the link or code and then
  // has the app "Set session/token and redirect to dashboard" itself; the response carries no tokens. Sign-ins that
  // do make sessions go through /oauth/authorize (the hosted login page, src/emulator/hosted-login).
  verifyPasswordlessEmail({authCredential, authRequestId}, {passwordless}) {
    const verified = passwordless.verify({
      code: authCredential.case === 'code' ? authCredential.value : undefined,
      linkToken: authCredential.case === 'linkToken' ? authCredential.value : undefined,
      authRequestId,
    })
    return {
      email: verified.email,
      state: verified.state,
      template: verified.template === undefined ? undefined : TemplateType[verified.template],
      passwordlessType: PasswordlessType[verified.type],
    }
  },
})

function templateName(template: TemplateType | undefined): TemplateName | undefined {
  if (template === TemplateType.SIGNIN) return 'SIGNIN'
  if (template === TemplateType.SIGNUP) return 'SIGNUP'
  return undefined
}

function toResponse(sent: SendResult): MessageInitShape<typeof SendPasswordlessResponseSchema> {
  return {
    authRequestId: sent.authRequestId,
    // Scalekit answers in unix seconds.
    expiresAt: BigInt(Math.floor(sent.expiresAt / 1000)),
    expiresIn: sent.expiresIn,
    passwordlessType: PasswordlessType[sent.type],
  }
}
