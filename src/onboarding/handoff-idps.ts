// What a customer's IT admin does in their own identity provider, per IdP: Scalekit's integration guides condensed to
// a few steps each. The guide each list comes from is named beside it (paths in Scalekit's documentation,
// `guides/integrations/...`); when a guide changes, change the list here. The values the steps refer to (ACS URL, SP
// entity id, redirect URI, SCIM base URL) are filled in by the handoff from the real connection and directory.

/** SSO over SAML: where our values go in the IdP, what the admin does there, and what they bring back. */
export interface SamlGuide {
  /** The IdP's name for the field that takes the ACS URL, and for the one that takes the SP entity id. */
  acsField: string
  entityIdField: string
  guide: string
  /** What identifies the IdP to us afterwards: usually its metadata URL. */
  idpMetadata: string
  steps: string[]
}

/** SCIM provisioning: where the base URL and the bearer token go, and the admin's steps. */
export interface ScimGuide {
  /** No SCIM endpoint: the directory is authorised from the admin portal instead (Google Workspace). */
  authorizeInPortal?: boolean
  endpointField: string
  guide: string
  steps: string[]
  tokenField: string
}

export interface IdpGuide {
  /** The name the customer knows the IdP by. */
  label: string
  saml: SamlGuide
  scim: ScimGuide
}

const GENERIC_SAML: SamlGuide = {
  // guides/integrations/sso-integrations/generic-saml.mdx
  acsField: 'ACS URL (Assertion Consumer Service URL)',
  entityIdField: 'SP Entity ID (Audience)',
  guide: 'guides/integrations/sso-integrations/generic-saml.mdx',
  idpMetadata: "your IdP's metadata URL (or its entity id, sign-on URL and X.509 signing certificate)",
  steps: [
    "In your identity provider's admin console, create a new application with SAML as its sign-on method.",
    'Configure the service provider: import our SP metadata URL, or enter the ACS URL and SP entity id above.',
    'Send the user attributes above (email, first name, last name) in the SAML response.',
    'Assign the users or groups who should sign in with SSO.',
  ],
}

const GENERIC_SCIM: ScimGuide = {
  // guides/integrations/scim-integrations/index.mdx
  endpointField: 'SCIM base URL',
  guide: 'guides/integrations/scim-integrations/index.mdx',
  steps: [
    'In your identity provider, create a SCIM 2.0 provisioning application that authenticates with a bearer token.',
    'Enter the SCIM base URL above and the bearer token.',
    'Turn on creating, updating and deactivating users, then assign the users and groups to provision.',
  ],
  tokenField: 'bearer token',
}

/** By the provider names `--provider` takes. Providers not listed get the generic guides. */
export const IDP_GUIDES: Record<string, IdpGuide> = {
  adfs: {
    label: 'Microsoft AD FS',
    saml: {
      // guides/integrations/sso-integrations/microsoft-ad-fs.mdx
      acsField: 'SAML Assertion Consumer endpoint',
      entityIdField: 'Relying party trust identifier',
      guide: 'guides/integrations/sso-integrations/microsoft-ad-fs.mdx',
      idpMetadata:
        'the federation metadata URL, `https://<AD FS host>/FederationMetadata/2007-06/FederationMetadata.xml`',
      steps: [
        'In AD FS Management, add a Relying Party Trust (Claims aware) and import our SP metadata (its URL, or the file).',
        "Give it a display name and an access control policy (e.g. Permit everyone); finish with 'Edit Claim Issuance Policy'.",
        "Add a rule from the 'Send LDAP Attributes as Claims' template: E-Mail-Addresses → E-Mail Address, Given-Name → Given Name, Surname → Surname, User-Principal-Name → Name ID.",
      ],
    },
    scim: GENERIC_SCIM,
  },
  custom: {label: 'your identity provider', saml: GENERIC_SAML, scim: GENERIC_SCIM},
  google: {
    label: 'Google Workspace',
    saml: {
      // guides/integrations/sso-integrations/google-saml.mdx
      acsField: 'ACS URL',
      entityIdField: 'Entity ID',
      guide: 'guides/integrations/sso-integrations/google-saml.mdx',
      idpMetadata:
        "the IdP metadata file from 'Google identity provider details' (or its SSO URL, Entity ID and certificate)",
      steps: [
        'As a super administrator, open the Google Admin console: Apps → Web and mobile apps → Add app → Add custom SAML app, and name it.',
        "On 'Google identity provider details', download the IdP metadata (keep the page open).",
        "Under 'Service provider details', enter the ACS URL and Entity ID above; choose EMAIL as the Name ID format.",
        'Under Attribute mapping, map first name, last name and email as above.',
        'Under User access, turn the app on for the groups or organizational units who should sign in.',
      ],
    },
    scim: {
      // guides/integrations/scim-integrations/google-dir-sync.mdx
      authorizeInPortal: true,
      endpointField: '',
      guide: 'guides/integrations/scim-integrations/google-dir-sync.mdx',
      steps: [
        "In the admin portal's Directory Sync tab, choose Google Workspace → Configure → Authorize Google Workspace.",
        'Sign in with a Google Workspace administrator account and grant the read access to users and groups it asks for.',
        'Select the groups to sync (and map groups to roles where offered), then Enable Sync. Google syncs every hour; Actions → Sync Now syncs at once.',
      ],
      tokenField: '',
    },
  },
  jumpcloud: {
    label: 'JumpCloud',
    saml: {
      // guides/integrations/sso-integrations/jumpcloud-saml.mdx
      acsField: 'ACS URLs → Default URL',
      entityIdField: 'SP Entity ID and IdP Entity ID (the same value in both)',
      guide: 'guides/integrations/sso-integrations/jumpcloud-saml.mdx',
      idpMetadata: "the metadata URL from the application's SSO tab (Copy Metadata URL)",
      steps: [
        'In the JumpCloud Admin Portal: SSO Applications → Add New Application → Custom SAML App; name it and Configure Application.',
        'On the SSO tab, enter the SP entity id above in both SP Entity ID and IdP Entity ID, and the ACS URL in ACS URLs → Default URL.',
        'Under Attributes, map the attributes above.',
        'On the User Groups tab, assign the groups who should sign in, and Save.',
      ],
    },
    scim: {
      // guides/integrations/scim-integrations/jumpcloud.mdx
      endpointField: 'Identity Management endpoint URL',
      guide: 'guides/integrations/scim-integrations/jumpcloud.mdx',
      steps: [
        "SSO Applications → Add New Application → a custom application with 'Export users to this app (Identity Management)'.",
        'Configure Application → Identity Management: enter the SCIM base URL and the bearer token, Activate, Save.',
        'Assign the user groups whose users should be provisioned (JumpCloud provisions by group).',
      ],
      tokenField: 'bearer token',
    },
  },
  'microsoft-ad': {
    label: 'Microsoft Entra ID',
    saml: {
      // guides/integrations/sso-integrations/azure-ad-saml.mdx
      acsField: 'Reply URL (Assertion Consumer Service URL)',
      entityIdField: 'Identifier (Entity ID)',
      guide: 'guides/integrations/sso-integrations/azure-ad-saml.mdx',
      idpMetadata: 'the App Federation Metadata URL (Single sign-on → SAML Certificates)',
      steps: [
        'In the Azure portal: Microsoft Entra ID → Enterprise applications → New application → Create your own application (non-gallery).',
        'Single sign-on → SAML: upload our SP metadata, or enter the Identifier (Entity ID) and Reply URL above.',
        'Attributes & Claims → Edit: map the attributes above.',
        'Users and groups → Add user/group: assign who should sign in.',
      ],
    },
    scim: {
      // guides/integrations/scim-integrations/azure-scim.mdx
      endpointField: 'Tenant URL',
      guide: 'guides/integrations/scim-integrations/azure-scim.mdx',
      steps: [
        'Microsoft Entra ID → Enterprise applications → New application → Create your own application.',
        'Provisioning: set the mode to Automatic; under Admin Credentials enter the Tenant URL and Secret Token above; Test Connection; Save.',
        "Under Mappings, enable 'Provision Microsoft Entra ID Users'; set Provisioning Status to On.",
        'Users and groups: assign who to provision. Provision on demand tries one user; a full cycle can take up to 40 minutes.',
      ],
      tokenField: 'Secret Token',
    },
  },
  okta: {
    label: 'Okta',
    saml: {
      // guides/integrations/sso-integrations/okta-saml.mdx
      acsField: 'Single sign-on URL',
      entityIdField: 'Audience URI (SP Entity ID)',
      guide: 'guides/integrations/sso-integrations/okta-saml.mdx',
      idpMetadata: 'the Metadata URL (Sign On tab → Metadata details)',
      steps: [
        'In the Okta Admin Console: Applications → Applications → Create App Integration → SAML 2.0; name the app.',
        'Enter the Single sign-on URL and Audience URI (SP Entity ID) above; leave Default RelayState blank.',
        'Add attribute statements for the attributes above.',
        'On the Assignments tab, assign the people or groups who should sign in.',
      ],
    },
    scim: {
      // guides/integrations/scim-integrations/okta-scim.mdx
      endpointField: 'SCIM 2.0 Base URL',
      guide: 'guides/integrations/scim-integrations/okta-scim.mdx',
      steps: [
        "Applications → Browse App Catalog → 'SCIM 2.0 Test App (OAuth Bearer Token)' → Add Integration; name it; Done.",
        'Provisioning → Configure API Integration: enter the SCIM 2.0 Base URL and OAuth Bearer Token above; Test API Credentials; Save.',
        'Provisioning → To App: enable Create Users, Update User Attributes and Deactivate Users; Save.',
        'Assign people or groups on Assignments, and push the groups to sync on Push Groups (not the same groups in both).',
      ],
      tokenField: 'OAuth Bearer Token',
    },
  },
  onelogin: {
    label: 'OneLogin',
    saml: {
      // guides/integrations/sso-integrations/onelogin-saml.mdx
      acsField: 'Recipient and ACS (Consumer) URL Validator',
      entityIdField: 'Audience (EntityID)',
      guide: 'guides/integrations/sso-integrations/onelogin-saml.mdx',
      idpMetadata: 'the Issuer URL from the SSO tab',
      steps: [
        "Applications → Add App → 'SAML Custom Connector (Advanced)'; name it; Save.",
        'On the Configuration tab, enter the ACS URL in Recipient and ACS (Consumer) URL Validator, and the SP entity id in Audience (EntityID).',
        'On the Parameters tab, add the attributes above.',
        'Assign the application to the users who should sign in (Users → Applications → +).',
      ],
    },
    scim: {
      // guides/integrations/scim-integrations/onelogin.mdx
      endpointField: 'SCIM Base URL',
      guide: 'guides/integrations/scim-integrations/onelogin.mdx',
      steps: [
        "Administration → Applications → Add App → 'SCIM Provisioner with SAML (SCIM v2 Enterprise)'; name it; Save.",
        'On the Configuration tab, enter the SCIM Base URL and SCIM Bearer Token above; on the Provisioning tab, enable provisioning.',
        'Assign the app to users and approve their pending provisioning; for groups, add a rule that sets groups and include Groups in user provisioning (Parameters tab).',
      ],
      tokenField: 'SCIM Bearer Token',
    },
  },
  'ping-identity': {
    label: 'Ping Identity',
    saml: {
      // guides/integrations/sso-integrations/pingidentity-saml.mdx
      acsField: 'ACS URLs',
      entityIdField: 'Entity ID',
      guide: 'guides/integrations/sso-integrations/pingidentity-saml.mdx',
      idpMetadata: 'the IdP metadata URL (or the entity id, single sign-on URL and signing certificate)',
      steps: [
        'In the PingOne Admin Console: Applications → Applications → + Add Application → SAML Application; Configure.',
        'Import our SP metadata URL, or enter the ACS URL and Entity ID above.',
        'Map the attributes above (email, first name, last name).',
        'Grant access to the users or groups who should sign in.',
      ],
    },
    scim: GENERIC_SCIM,
  },
}

/** OIDC, the same for every IdP: guides/integrations/sso-integrations/generic-oidc.mdx */
export const OIDC_STEPS = {
  guide: 'guides/integrations/sso-integrations/generic-oidc.mdx',
  steps: [
    'Create an OIDC application of type web application.',
    'Add the redirect URI above as its sign-in redirect URI.',
    'The standard claims (email, given_name, family_name) are usually enough; map any others as above.',
    'Assign the users or groups who should sign in.',
  ],
}

export function idpGuide(provider: string | undefined): IdpGuide {
  return (provider && IDP_GUIDES[provider]) || {label: 'your identity provider', saml: GENERIC_SAML, scim: GENERIC_SCIM}
}
