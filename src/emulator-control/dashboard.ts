import {adminRequest, type EmulatorEndpoint} from './admin-client.js'

/** A link that opens the emulator's dashboard signed in: usable once, within a minute. */
export interface DashboardLink {
  url: string
  expiresAt: string
}

export function dashboardLink(emulator: EmulatorEndpoint): Promise<DashboardLink> {
  return adminRequest(emulator, 'POST', '/_emulator/dashboard-link')
}
