import type {AdminDeps} from '../admin.js'
import type {SafeHtml} from '../pages/html.js'
import type {DashboardAuth} from './auth.js'

/** What the dashboard reads and drives: everything the admin endpoints do, and who may see it. */
export interface DashboardDeps {
  admin: AdminDeps
  auth: DashboardAuth
}

/** A page's content inside the dashboard's frame. */
export interface DashboardPage {
  title: string
  body: SafeHtml
  status?: number
}

export interface DashboardRequest {
  deps: DashboardDeps
  /** The regular-expression match of the path (groups are ids). */
  match: RegExpExecArray
  query: URLSearchParams
}

/** A GET page under DASHBOARD_PREFIX. */
export interface PageRoute {
  path: RegExp
  render(request: DashboardRequest): DashboardPage
}

/** A form post under DASHBOARD_PREFIX: returns where to send the browser next (post/redirect/get). */
export interface ActionRoute {
  path: RegExp
  run(request: DashboardRequest & {form: URLSearchParams}): string | Promise<string>
}

/** A part of the dashboard: its navigation entry, pages and actions. */
export interface DashboardSection {
  nav?: {path: string; label: string}
  pages: PageRoute[]
  actions?: ActionRoute[]
}

export const DASHBOARD_PREFIX = '/dashboard'

/** `GET /dashboard/login?token=…`: where `skctl emulator open` sends the browser. */
export const LOGIN_PATH = `${DASHBOARD_PREFIX}/login`
