import {describe, expect, it} from 'vitest'

import type {ConnectionDetails} from '../../../src/connections/idp-setup.js'
import {handoffMarkdown, type HandoffInput} from '../../../src/onboarding/handoff.js'
import {mdCode, mdText} from '../../../src/onboarding/handoff-markdown.js'

describe('Markdown escaping of API values', () => {
  it('keeps text literal: no link, no HTML, no new block, no control character', () => {
    expect(mdText('[x](https://e.example) <img src=x> *b*')).toBe(
      String.raw`\[x\]\(https\:\/\/e\.example\) \<img src\=x\> \*b\*`,
    )
    const escaped = mdText('Acme\n# Pay here\u001b]8;;https://e.example\u0007')
    expect([...escaped].filter((c) => c < ' ')).toEqual([])
    // The control characters show as text (the backslash itself escaped): `Acme\u000a# Pay here\u001b…` when rendered.
    expect(escaped).toContain(String.raw`Acme\\u000a\# Pay here\\u001b\]8`)
  })

  it('makes a code span that a backtick in the value cannot close', () => {
    expect(mdCode('https://a.example/x')).toBe('`https://a.example/x`')
    expect(mdCode('a`b')).toBe('``a`b``')
    expect(mdCode('`a``')).toBe('``` `a`` ```')
  })
})

const connection = (overrides: Partial<ConnectionDetails>): ConnectionDetails =>
  ({
    attributeMapping: {},
    enabled: false,
    id: 'conn_1',
    idpSetup: {attributeMapping: {email: 'email'}, attributeMappingSource: 'default'},
    provider: 'OKTA',
    status: 'DRAFT',
    type: 'OIDC',
    ...overrides,
  }) as ConnectionDetails

const input = (plan: Partial<HandoffInput['plan']>, more: Partial<HandoffInput> = {}): HandoffInput => ({
  bin: 'skctl',
  now: new Date('2026-01-02T00:00:00Z'),
  organization: {displayName: 'Acme\n# Injected', externalId: 'acme 42', id: 'org_1', metadata: {}, regionCode: 'US'},
  plan: {scim: false, sso: true, ssoSetup: 'admin-portal', ...plan},
  ...more,
})

describe('the handoff', () => {
  it('gives an OIDC IdP the redirect URI and the portal steps, with API values escaped and commands quoted', () => {
    const text = handoffMarkdown(
      input(
        {provider: 'okta', type: 'OIDC'},
        {
          connection: connection({
            idpSetup: {
              attributeMapping: {email: 'email'},
              attributeMappingSource: 'default',
              redirectUri: 'https://env.example/sso/v1/oidc/conn_1/callback',
            },
          }),
        },
      ),
    )
    expect(text).toContain('## Single sign-on with Okta (OIDC)')
    expect(text).toContain('**Redirect URI** (sign-in redirect URI): `https://env.example/sso/v1/oidc/conn_1/callback`')
    expect(text).toContain('Single sign-on → Okta → OIDC')
    expect(text).not.toMatch(/^# Injected/m)
    expect(text).toContain("`skctl portal link 'acme 42' --open`")
  })

  it('for Google Workspace SCIM sends the admin to authorise in the portal: no URL or token to copy', () => {
    const text = handoffMarkdown(
      input(
        {provider: 'google', scim: true, sso: false},
        {
          directory: {directoryEndpoint: 'https://env.example/directory/dir_1/scim/v2', id: 'dir_1'} as never,
        },
      ),
    )
    expect(text).toContain('Authorize Google Workspace')
    expect(text).not.toContain('scim/v2')
    expect(text).not.toContain('directories secret')
  })

  it('without a known IdP points the admin to the portal, where they pick it', () => {
    const text = handoffMarkdown(input({}))
    expect(text).toContain('choose your identity provider and SAML or OIDC')
  })
  it('names a field once when the IdP calls it what we do', () => {
    const text = handoffMarkdown(
      input(
        {scim: true, sso: false},
        {directory: {directoryEndpoint: 'https://env.example/directory/dir_1/scim/v2', id: 'dir_1'} as never},
      ),
    )
    expect(text).toContain('- **SCIM base URL**: `https://env.example/directory/dir_1/scim/v2`')
    expect(text).not.toContain('(SCIM base URL)')
  })
})
