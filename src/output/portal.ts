/**
 * What to do with a portal link: Scalekit makes API-generated links "one-time use" and has them expire "after 1
 * minute" (guides/sso/admin-portal.mdx; the project's digest of Scalekit's docs, section 7), so a link pasted into an
 * email is dead before the admin reads it.
 */
export function portalLinkNote(expireTime: string | undefined, now: number, opening: boolean): string {
  const at = expireTime ? Date.parse(expireTime) : Number.NaN
  const expiry = Number.isNaN(at)
    ? 'expires after one minute'
    : `expires in ${Math.max(0, Math.round((at - now) / 1000))} s (${expireTime})`
  const advice = opening
    ? 'opening it in your browser.'
    : 'generate it at the moment you send it, or open it yourself with --open.'
  return `One-time link, ${expiry}: ${advice}`
}
