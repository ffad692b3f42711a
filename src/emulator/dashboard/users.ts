import {MembershipStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {html} from '../pages/html.js'
import {enumWords} from '../portal/labels.js'
import type {UserRecord} from '../store/records.js'
import type {DashboardRequest, DashboardSection} from './context.js'
import {dashboardLink, table, time} from './layout.js'
import {pageOf, pager, searchForm, searchText} from './paging.js'

function fullName(user: UserRecord): string {
  const {name, givenName, familyName} = user.profile
  return name || [givenName, familyName].filter(Boolean).join(' ')
}

/** Email or name contains the text; id and external id match whole. */
export function userMatches(text: string): (user: UserRecord) => boolean {
  return (user) =>
    user.email.toLowerCase().includes(text) ||
    fullName(user).toLowerCase().includes(text) ||
    user.id.toLowerCase() === text ||
    user.externalId?.toLowerCase() === text
}

function usersPage({deps, query}: DashboardRequest) {
  const {store} = deps.admin
  const text = searchText(query)
  const page = pageOf(store.users, query, text ? userMatches(text) : undefined)
  const rows = page.items.map((user) => [
    dashboardLink(`/users/${user.id}`, user.email),
    html`${fullName(user) || '—'}`,
    html`<code>${user.id}</code>`,
    html`${user.externalId ?? '—'}`,
    html`${store.memberships.countBy('userId', user.id)}`,
  ])
  return {
    title: 'Users',
    body: html`${searchForm('/users', query, 'Email, name, external id or usr_…')}
    ${table(['Email', 'Name', 'ID', 'External ID', 'Organizations'], rows, 'No user matches.')}
    ${pager('/users', page, query)}`,
  }
}

function userPage({deps, match, query}: DashboardRequest) {
  const {store} = deps.admin
  const user = store.users.get(match[1]!)
  if (!user) return {status: 404, title: 'User not found', body: html`<p>No user ${match[1]}.</p>`}
  const memberships = pageOf(store.memberships.group('userId', user.id), query)
  const rows = memberships.items.map((membership) => {
    const org = store.organizations.get(membership.organizationId)
    return [
      org
        ? dashboardLink(`/organizations/${org.id}`, org.displayName)
        : html`<code>${membership.organizationId}</code>`,
      html`${enumWords(MembershipStatus, membership.status)}`,
      html`${membership.roles.join(', ') || '—'}`,
      html`${membership.inviterEmail ?? '—'}`,
      html`${time(membership.createTime)}`,
    ]
  })
  return {
    title: user.email,
    body: html`<dl id="user">
        <dt>User ID</dt>
        <dd><code>${user.id}</code></dd>
        <dt>Name</dt>
        <dd>${fullName(user) || '—'}</dd>
        <dt>External ID</dt>
        <dd>${user.externalId ?? '—'}</dd>
        <dt>Email verified</dt>
        <dd>${user.profile.emailVerified ? 'yes' : 'no'}</dd>
        <dt>Created</dt>
        <dd>${time(user.createTime)}</dd>
      </dl>
      <h2 id="memberships">Memberships</h2>
      ${table(['Organization', 'Status', 'Roles', 'Invited by', 'Since'], rows, 'No memberships.')}
      ${pager(`/users/${user.id}`, memberships, query)}`,
  }
}

export const usersSection: DashboardSection = {
  nav: {path: '/users', label: 'Users'},
  pages: [
    {path: /^\/users\/?$/, render: usersPage},
    {path: /^\/users\/([^/]+)$/, render: userPage},
  ],
}
