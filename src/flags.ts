import {Flags} from '@oclif/core'

/** Flags every list command shares: lists auto-paginate and never truncate silently. */
export const listFlags = {
  all: Flags.boolean({description: 'Fetch every page.', exclusive: ['limit']}),
  limit: Flags.integer({description: 'Stop after this many items. [default: 100]', min: 1}),
}

export const DEFAULT_LIMIT = 100

export const limitOf = (flags: {all: boolean; limit?: number}) =>
  flags.all ? undefined : (flags.limit ?? DEFAULT_LIMIT)

export const metadataFlag = Flags.string({
  description: 'Metadata as key=value; repeat for several keys.',
  multiple: true,
})

const ORG = 'Organization: its id (org_…) or your external id for it.'
export const orgFlag = Flags.string({description: ORG})
export const requiredOrgFlag = Flags.string({description: ORG, required: true})

export const userFlag = Flags.string({description: 'User: id (usr_…), email or external id.', required: true})

export const roleFlag = Flags.string({description: 'Role name; repeat for several.', multiple: true})

/** `--org` on role commands: switches from environment roles to one organization's own roles. */
export const orgRolesFlag = Flags.string({
  description: "Work on this organization's own roles (its id org_… or your external id) instead of environment roles.",
})

/** `--updated-after` of directory listings: checked as an ISO 8601 time before any call. */
export const updatedAfterFlag = Flags.string({
  description: 'Only what changed after this ISO 8601 time, e.g. 2025-01-31 or 2025-01-31T09:30:00Z.',
})

export const detailFlag = Flags.boolean({
  description: "Include Scalekit's full normalised record (in --json; the table adds what fits).",
})

/** The SSO settings `connections create` and `connections update` take. No flag takes the client secret itself. */
export const connectionSettingsFlags = {
  attribute: Flags.string({
    description: 'Attribute mapping as field=IdP attribute, e.g. email=user.mail; repeat for several.',
    multiple: true,
  }),
  'button-title': Flags.string({description: 'Text of the login button for this connection.'}),
  certificate: Flags.string({
    description: "SAML: file with the IdP's signing certificate (PEM), with --entity-id and --sso-url.",
    helpGroup: 'SAML',
  }),
  'client-id': Flags.string({description: 'OIDC: the client id registered at the IdP.', helpGroup: 'OIDC'}),
  // Refused when given: a secret on the command line ends up in shell history and `ps`.
  'client-secret': Flags.string({hidden: true}),
  'client-secret-stdin': Flags.boolean({
    description: 'OIDC: read the client secret from standard input (on a terminal you are asked for it, hidden).',
    helpGroup: 'OIDC',
  }),
  'entity-id': Flags.string({description: "SAML: the IdP's entity id (issuer).", helpGroup: 'SAML'}),
  issuer: Flags.string({
    description: 'OIDC: issuer URL, or the discovery document URL (…/.well-known/openid-configuration).',
    helpGroup: 'OIDC',
  }),
  'metadata-file': Flags.string({description: "SAML: file with the IdP's metadata XML.", helpGroup: 'SAML'}),
  'metadata-url': Flags.string({description: "SAML: URL of the IdP's metadata XML.", helpGroup: 'SAML'}),
  'sso-url': Flags.string({description: "SAML: the IdP's single sign-on URL (https).", helpGroup: 'SAML'}),
}

/** `-f FILE` of the env commands that read an environment file. */
export const envFileFlag = Flags.string({
  char: 'f',
  description: 'The environment file (YAML or JSON; - for standard input).',
  required: true,
})

/** The most calls a bulk command (imports, env apply, memberships sync) keeps in flight. */
export const MAX_CONCURRENCY = 64

/** `--concurrency` of bulk commands; `what` says what runs at once, e.g. "Rows in flight". */
export const concurrencyFlag = (what: string) =>
  Flags.integer({
    default: 8,
    description: `${what} at once (1–${MAX_CONCURRENCY}); rate limits are honoured whatever the value.`,
    max: MAX_CONCURRENCY,
    min: 1,
  })
