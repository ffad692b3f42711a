import type {MessageInitShape} from '@bufbuild/protobuf'
import {TimeUnit} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  type OrganizationService,
  type OrganizationSessionPolicySettingsSchema,
  SessionPolicyType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'
import {invalidArgument} from '../rpc/errors.js'
import type {ServiceHandlers} from '../rpc/service-definition.js'
import type {OrganizationRecord, SessionPolicyRecord} from '../store/records.js'
import {requireOrganization} from './lookup.js'

/**
 * The application's session policy. The dashboard sets it in real Scalekit; the emulator has no dashboard, so it
 * is fixed: sessions last 7 days, idle timeout off (30 minutes when an organization turns it on), access tokens
 * 5 minutes (Scalekit's documented default; `access_token_expiry` is in seconds).
 */
export const APPLICATION_SESSION_POLICY: SessionPolicyRecord = {
  absoluteTimeoutMinutes: 7 * 24 * 60,
  idleTimeoutEnabled: false,
  idleTimeoutMinutes: 30,
}
export const ACCESS_TOKEN_EXPIRY_SECONDS = 300
const MINUTES_PER_UNIT: Record<TimeUnit, number> = {
  [TimeUnit.SESSION_TIME_UNIT_UNSPECIFIED]: 1,
  [TimeUnit.MINUTES]: 1,
  [TimeUnit.HOURS]: 60,
  [TimeUnit.DAYS]: 24 * 60,
}

/** Organization session policies: the application's unless an organization sets a custom one. */
export const sessionPolicyHandlers: ServiceHandlers<typeof OrganizationService> = {
  getOrganizationSessionPolicy({organizationId}, {store}) {
    return {policy: toPolicy(requireOrganization(store, organizationId))}
  },

  updateOrganizationSessionPolicy(request, {store}) {
    const organization = requireOrganization(store, request.organizationId)
    const updated: OrganizationRecord = {...organization, updateTime: Date.now()}
    if (request.policySource === SessionPolicyType.APPLICATION) {
      delete updated.sessionPolicy
    } else if (request.policySource === SessionPolicyType.CUSTOM) {
      // Values the request leaves out keep their current (or application) value.
      const base = organization.sessionPolicy ?? APPLICATION_SESSION_POLICY
      updated.sessionPolicy = {
        absoluteTimeoutMinutes: minutes(
          'absolute_session_timeout',
          request.absoluteSessionTimeout,
          request.absoluteSessionTimeoutUnit,
          base.absoluteTimeoutMinutes,
        ),
        idleTimeoutEnabled: request.idleSessionTimeoutEnabled ?? base.idleTimeoutEnabled,
        idleTimeoutMinutes: minutes(
          'idle_session_timeout',
          request.idleSessionTimeout,
          request.idleSessionTimeoutUnit,
          base.idleTimeoutMinutes,
        ),
      }
    } else {
      throw invalidArgument('policy_source must be APPLICATION or CUSTOM')
    }
    store.organizations.put(updated)
    return {policy: toPolicy(updated)}
  },

  getApplicationSessionPolicy({organizationId}, {store}) {
    requireOrganization(store, organizationId)
    return {
      applicationPolicy: {
        absoluteSessionTimeout: APPLICATION_SESSION_POLICY.absoluteTimeoutMinutes,
        absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
        idleSessionTimeoutEnabled: APPLICATION_SESSION_POLICY.idleTimeoutEnabled,
        idleSessionTimeout: APPLICATION_SESSION_POLICY.idleTimeoutMinutes,
        idleSessionTimeoutUnit: TimeUnit.MINUTES,
        accessTokenExpiry: ACCESS_TOKEN_EXPIRY_SECONDS,
      },
    }
  },
}

/** Responses are always in minutes; an organization without its own policy shows the application's values. */
function toPolicy(organization: OrganizationRecord): MessageInitShape<typeof OrganizationSessionPolicySettingsSchema> {
  const policy = organization.sessionPolicy ?? APPLICATION_SESSION_POLICY
  return {
    policySource: organization.sessionPolicy ? SessionPolicyType.CUSTOM : SessionPolicyType.APPLICATION,
    absoluteSessionTimeout: policy.absoluteTimeoutMinutes,
    absoluteSessionTimeoutUnit: TimeUnit.MINUTES,
    idleSessionTimeoutEnabled: policy.idleTimeoutEnabled,
    idleSessionTimeout: policy.idleTimeoutMinutes,
    idleSessionTimeoutUnit: TimeUnit.MINUTES,
  }
}

function minutes(field: string, value: number | undefined, unit: TimeUnit | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (value <= 0) throw invalidArgument(`${field} must be greater than 0`)
  return value * MINUTES_PER_UNIT[unit ?? TimeUnit.MINUTES]
}
