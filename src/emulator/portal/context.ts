import type {SafeHtml} from '../pages/html.js'
import type {RunHandler} from '../rpc/invoke.js'
import type {SsoContext} from '../sso/context.js'
import type {OrganizationRecord, PortalLinkRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import type {PortalSession, PortalSessions} from './sessions.js'

/** What the admin portal needs from the emulator. */
export interface PortalDeps {
  store: Store
  /** Runs service handlers as the RPCs do (same validation, same rules), on the environment's own authority. */
  run: RunHandler
  /** The IdP simulator's login requests and codes (Test connection) and the redirect URIs (who may embed). */
  sso: SsoContext
  sessions: PortalSessions
  /** Epoch ms; tests move it forward to expire links and sessions. */
  now: () => number
}

/** One request inside a portal session. */
export interface PortalContext {
  deps: PortalDeps
  session: PortalSession
  link: PortalLinkRecord
  organization: OrganizationRecord
  /** The origin the browser used, e.g. `http://127.0.0.1:8765`. */
  origin: string
  /** `/magicLink/<token>`: every page of the session lives under it, and its cookie is scoped to it. */
  base: string
}

/** A page's content inside the portal's frame. */
export interface PortalPage {
  title: string
  body: SafeHtml
  status?: number
}

/** A GET page: `match` is the sub-path's regular-expression match (groups are ids), `query` the URL's query. */
export interface PageRoute {
  path: RegExp
  render(ctx: PortalContext, match: RegExpExecArray, query: URLSearchParams): PortalPage | Promise<PortalPage>
}

/**
 * A form post. `back` is the sub-path of the page the form is on, where the browser returns afterwards (with the
 * outcome shown there, or the service's error message); `run` may name another path instead.
 */
export interface ActionRoute {
  path: RegExp
  back(match: RegExpExecArray): string
  run(ctx: PortalContext, match: RegExpExecArray, form: URLSearchParams): Promise<string | void>
}

/** A part of the portal: its navigation entry, its block on the overview page, its pages and form actions. */
export interface PortalSection {
  nav?: {path: string; label: string}
  overview?(ctx: PortalContext): SafeHtml | Promise<SafeHtml>
  pages: PageRoute[]
  actions: ActionRoute[]
}
