import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  DirectoryProvider,
  DirectoryStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {DomainType, VerificationStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {html} from '../pages/html.js'
import {enumWords, providerLabel} from '../portal/labels.js'
import type {OrganizationRecord} from '../store/records.js'
import type {DashboardRequest, DashboardSection} from './context.js'
import {dashboardLink, table, time} from './layout.js'
import {pageOf, pager, searchForm, searchText} from './paging.js'

/** Name contains the text; id and external id match whole (the exact ones are what people paste). */
export function organizationMatches(text: string): (org: OrganizationRecord) => boolean {
  return (org) =>
    org.displayName.toLowerCase().includes(text) ||
    org.id.toLowerCase() === text ||
    org.externalId?.toLowerCase() === text
}

function organizationsPage({deps, query}: DashboardRequest) {
  const {store} = deps.admin
  const text = searchText(query)
  const page = pageOf(store.organizations, query, text ? organizationMatches(text) : undefined)
  const rows = page.items.map((org) => [
    dashboardLink(`/organizations/${org.id}`, org.displayName),
    html`<code>${org.id}</code>`,
    html`${org.externalId ?? '—'}`,
    html`${store.memberships.countBy('organizationId', org.id)}`,
    html`${time(org.createTime)}`,
  ])
  return {
    title: 'Organizations',
    body: html`${searchForm('/organizations', query, 'Name, external id or org_…')}
    ${table(['Name', 'ID', 'External ID', 'Members', 'Created'], rows, 'No organization matches.')}
    ${pager('/organizations', page, query)}`,
  }
}

function organizationPage({deps, match, query}: DashboardRequest) {
  const {store} = deps.admin
  const org = store.organizations.get(match[1]!)
  if (!org) return {status: 404, title: 'Organization not found', body: html`<p>No organization ${match[1]}.</p>`}
  const members = pageOf(store.memberships.group('organizationId', org.id), query)
  const memberRows = members.items.map((membership) => {
    const user = store.users.get(membership.userId)
    return [
      user ? dashboardLink(`/users/${user.id}`, user.email) : html`<code>${membership.userId}</code>`,
      html`${enumWords(MembershipStatus, membership.status)}`,
      html`${membership.roles.join(', ') || '—'}`,
      html`${time(membership.createTime)}`,
    ]
  })
  const domains = store.domains
    .listBy('organizationId', org.id)
    .map((domain) => [
      html`${domain.domain}`,
      html`${enumWords(DomainType, domain.domainType)}`,
      html`${enumWords(VerificationStatus, domain.verificationStatus)}`,
    ])
  const connections = store.connections
    .listBy('organizationId', org.id)
    .map((connection) => [
      html`<code>${connection.id}</code>`,
      html`${providerLabel(connection.provider)}`,
      html`${enumWords(ConnectionType, connection.type)}`,
      html`${enumWords(ConnectionStatus, connection.status)}`,
      html`${connection.enabled ? 'enabled' : 'disabled'}`,
    ])
  const directories = store.directories
    .listBy('organizationId', org.id)
    .map((directory) => [
      html`<code>${directory.id}</code>`,
      html`${directory.name ?? '—'}`,
      html`${enumWords(DirectoryProvider, directory.provider)}`,
      html`${enumWords(DirectoryStatus, directory.status)}`,
      html`${directory.enabled ? 'enabled' : 'disabled'}`,
      html`${store.directoryUsers.countBy('directoryId', directory.id)} users,
      ${store.directoryGroups.countBy('directoryId', directory.id)} groups`,
    ])
  const metadata = Object.entries(org.metadata)
  return {
    title: org.displayName,
    body: html`<dl id="organization">
        <dt>Organization ID</dt>
        <dd><code>${org.id}</code></dd>
        <dt>External ID</dt>
        <dd>${org.externalId ?? '—'}</dd>
        <dt>Created</dt>
        <dd>${time(org.createTime)}</dd>
        ${
          metadata.length > 0
            ? html`<dt>Metadata</dt>
                <dd>${metadata.map(([key, value]) => html`<code>${key}</code>=${value} `)}</dd>`
            : ''
        }
      </dl>
      <h2 id="members">Members</h2>
      ${table(['User', 'Status', 'Roles', 'Joined'], memberRows, 'No members.')}
      ${pager(`/organizations/${org.id}`, members, query)}
      <h2>Domains</h2>
      ${table(['Domain', 'Type', 'Verification'], domains, 'No domains.')}
      <h2>Connections</h2>
      ${table(['ID', 'Provider', 'Type', 'Status', ''], connections, 'No connections.')}
      <h2>Directories</h2>
      ${table(['ID', 'Name', 'Provider', 'Status', '', 'Synced'], directories, 'No directories.')}`,
  }
}

export const organizationsSection: DashboardSection = {
  nav: {path: '/organizations', label: 'Organizations'},
  pages: [
    {path: /^\/organizations\/?$/, render: organizationsPage},
    {path: /^\/organizations\/([^/]+)$/, render: organizationPage},
  ],
}
