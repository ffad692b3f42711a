import type {EmulatorEvent} from '../events/bus.js'
import type {OrganizationRecord} from '../store/records.js'

/** `organization.created`, with the organization in Scalekit's snake_case shape as its data. */
export function organizationCreatedEvent(organization: OrganizationRecord): EmulatorEvent {
  return {
    type: 'organization.created',
    object: 'Organization',
    organizationId: organization.id,
    data: {
      id: organization.id,
      display_name: organization.displayName,
      external_id: organization.externalId ?? null,
      ...(organization.slug ? {slug: organization.slug} : {}),
      metadata: organization.metadata,
      create_time: new Date(organization.createTime).toISOString(),
    },
  }
}
