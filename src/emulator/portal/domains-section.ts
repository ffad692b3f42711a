import {
  DomainService,
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {html, type SafeHtml} from '../pages/html.js'
import type {DomainRecord} from '../store/records.js'
import type {PortalContext, PortalSection} from './context.js'
import {enumWords} from './labels.js'
import {postForm, selectField, textField} from './layout.js'

const DOMAIN_TYPES: ReadonlyArray<[string, string]> = [
  ['ORGANIZATION_DOMAIN', 'Organization domain (users with this email domain sign in through your SSO)'],
  ['ALLOWED_EMAIL_DOMAIN', 'Allowed email domain (may join, no SSO routing)'],
]

/**
 * The organization's domains. The emulator sees no DNS, so a domain added here is verified at once, as if the
 * admin had vouched for it: the domain service's own verification model, applied by calling the service.
 */
export const domainsSection: PortalSection = {
  nav: {path: '/domains', label: 'Domains'},
  overview: (ctx) =>
    html`<h3>Domains</h3>
      ${domainTable(domainsOf(ctx))}`,
  pages: [
    {
      path: /^\/domains$/,
      render: (ctx) => ({
        title: 'Domains',
        body: html`${domainTable(domainsOf(ctx))}
          <h3>Add a domain</h3>
          <p class="muted">
            The emulator cannot look up DNS records: a domain you add here is verified at once, on your word as the
            organization's admin. A verified organization domain sends its users to this organization's SSO connection.
          </p>
          ${postForm(
            ctx,
            '/domains',
            html`${textField('Domain', 'domain', '', {placeholder: 'acme.com'})}${selectField('Type', 'type', DOMAIN_TYPES)}`,
            'Add and verify domain',
          )}`,
      }),
    },
  ],
  actions: [
    {
      path: /^\/domains$/,
      back: () => '/domains',
      async run(ctx, _match, form) {
        const domainType = form.get('type') === 'ALLOWED_EMAIL_DOMAIN' ? 'ALLOWED_EMAIL_DOMAIN' : 'ORGANIZATION_DOMAIN'
        const {domain} = await ctx.deps.run(
          DomainService.method.createDomain,
          {
            identities: {case: 'organizationId', value: ctx.organization.id},
            domain: {domain: form.get('domain') ?? '', domainType: DomainType[domainType]},
          },
          ctx.origin,
        )
        ctx.session.flash = {
          kind: 'ok',
          text: `${domain?.domain} added: ${enumWords(VerificationStatus, domain?.verificationStatus ?? 0)}`,
        }
      },
    },
  ],
}

function domainsOf(ctx: PortalContext): DomainRecord[] {
  return ctx.deps.store.domains.listBy('organizationId', ctx.organization.id)
}

function domainTable(domains: DomainRecord[]): SafeHtml {
  if (domains.length === 0) return html`<p class="muted">No domains yet.</p>`
  const rows = domains.map(
    (domain) =>
      html`<tr data-domain="${domain.domain}">
        <td>${domain.domain}</td>
        <td>${enumWords(DomainType, domain.domainType)}</td>
        <td class="status">${verification(domain)}</td>
      </tr>`,
  )
  return html`<table id="domains">
    <thead>
      <tr>
        <th>Domain</th>
        <th>Type</th>
        <th>Verification</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`
}

function verification(domain: DomainRecord): string {
  const status = enumWords(VerificationStatus, domain.verificationStatus)
  const method = domain.verificationMethod ?? VerificationMethod.ADMIN
  if (method === VerificationMethod.ADMIN) return `${status} (by the organization's admin)`
  if (method === VerificationMethod.DNS) return `${status} (DNS)`
  return status
}
