import {resetEmulator} from '../admin.js'
import {html} from '../pages/html.js'
import {DASHBOARD_PREFIX, type DashboardRequest, type DashboardSection} from './context.js'
import {dashboardLink, postButton} from './layout.js'

function faultsPage({deps}: DashboardRequest) {
  const {faults, apiFaults} = deps.admin
  return {
    title: 'Fault switches',
    body: html`<p class="muted">
        Faults armed through <code>/_emulator/faults</code> (the next ID or access token) and
        <code>/_emulator/api-faults</code> (or <code>skctl emulator start --faults</code>). Reset clears them.
      </p>
      <h2>Token faults</h2>
      <pre id="token-faults">${JSON.stringify(faults.state(), null, 2)}</pre>
      <h2>API faults</h2>
      <pre id="api-faults">${JSON.stringify(apiFaults.state(), null, 2)}</pre>
      <p>${dashboardLink('/reset', 'Reset the emulator…')}</p>`,
  }
}

/** The confirmation step: a GET shows what will go, only the form's POST does it. */
function resetPage({deps}: DashboardRequest) {
  const {store} = deps.admin
  return {
    title: 'Reset the emulator',
    body: html`<p class="danger">
        This deletes all ${store.organizations.size} organizations, ${store.users.size} users, the webhook endpoints and
        deliveries, the outbox and the faults, and seeds a fresh development environment. It cannot be undone.
      </p>
      ${postButton(deps.auth.csrf, '/reset', 'Yes, reset everything', {danger: true})} ${dashboardLink('', 'Cancel')}`,
  }
}

export const faultsSection: DashboardSection = {
  nav: {path: '/faults', label: 'Faults and reset'},
  pages: [
    {path: /^\/faults\/?$/, render: faultsPage},
    {path: /^\/reset\/?$/, render: resetPage},
  ],
  actions: [
    {
      path: /^\/reset$/,
      run({deps}) {
        resetEmulator(deps.admin)
        return `${DASHBOARD_PREFIX}?done=reset`
      },
    },
  ],
}
