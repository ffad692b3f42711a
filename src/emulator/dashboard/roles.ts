import {html} from '../pages/html.js'
import type {DashboardRequest, DashboardSection} from './context.js'
import {dashboardLink, table} from './layout.js'
import {pageOf, pager} from './paging.js'

/** Environment roles, and each organization's own roles where it has them. */
function rolesPage({deps, query}: DashboardRequest) {
  const {store} = deps.admin
  const page = pageOf(store.roles, query)
  const {defaultCreatorRole, defaultMemberRole} = store.environment
  const rows = page.items.map((role) => {
    const org = role.organizationId ? store.organizations.get(role.organizationId) : undefined
    const defaults = [
      role.name === defaultCreatorRole && !role.organizationId ? 'creator' : '',
      role.name === defaultMemberRole && !role.organizationId ? 'member' : '',
    ].filter(Boolean)
    return [
      html`<code>${role.name}</code>`,
      html`${role.displayName}`,
      html`${role.description || '—'}`,
      html`${role.extends ?? '—'}`,
      html`${role.permissions.join(', ') || '—'}`,
      org ? dashboardLink(`/organizations/${org.id}`, org.displayName) : html`environment`,
      html`${defaults.join(', ') || '—'}`,
    ]
  })
  return {
    title: 'Roles',
    body: html`${table(['Name', 'Display name', 'Description', 'Extends', 'Permissions', 'Scope', 'Default for'], rows, 'No roles.')}
    ${pager('/roles', page, query)}`,
  }
}

export const rolesSection: DashboardSection = {
  nav: {path: '/roles', label: 'Roles'},
  pages: [{path: /^\/roles\/?$/, render: rolesPage}],
}
