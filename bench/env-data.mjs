// The organizations of the env apply and env plan rows, shared by the environment file skctl applies and the SDK
// loop it is measured against, so both sides make the same changes: each organization has two domains, one enabled
// OIDC connection with its settings, and three organization roles.

export const ENV_SECRET_NAME = 'BENCH_OIDC_CLIENT_SECRET'
export const ENV_SECRET = 'bench-secret-value'

/** The i-th organization, in the file's shape (the secret as the value the file's `${VAR}` stands for). */
export function benchOrganization(i) {
  const key = `envbench-${i}`
  return {
    key,
    name: `Env bench ${i}`,
    domains: [`${key}.example`, `${key}-eu.example`],
    roles: {
      auditor: {displayName: 'Auditor', description: `Reads ${key}'s audit trail`},
      billing: {displayName: 'Billing', description: `Pays ${key}'s invoices`},
      support: {displayName: 'Support desk', description: `Answers ${key}'s tickets`},
    },
    connection: {
      type: 'OIDC',
      provider: 'okta',
      enabled: true,
      uiButtonTitle: 'Sign in with Okta',
      oidc: {clientId: `client-${i}`, issuer: `https://${key}.okta.example`},
    },
  }
}

/** The environment file of `count` such organizations, as YAML. */
export function envFile(count) {
  const lines = ['version: 1', 'organizations:']
  for (let i = 0; i < count; i++) {
    const org = benchOrganization(i)
    const c = org.connection
    lines.push(
      `  ${org.key}:`,
      `    name: ${org.name}`,
      `    domains: [${org.domains.join(', ')}]`,
      '    roles:',
      ...Object.entries(org.roles).flatMap(([name, r]) => [
        `      ${name}:`,
        `        displayName: ${r.displayName}`,
        `        description: ${JSON.stringify(r.description)}`,
      ]),
      '    connections:',
      `      - type: ${c.type}`,
      `        provider: ${c.provider}`,
      `        enabled: ${c.enabled}`,
      `        uiButtonTitle: ${c.uiButtonTitle}`,
      '        oidc:',
      `          issuer: ${c.oidc.issuer}`,
      `          clientId: ${c.oidc.clientId}`,
      `          clientSecret: \${${ENV_SECRET_NAME}}`,
    )
  }
  return `${lines.join('\n')}\n`
}
