import {type HttpResponse, sendJson} from './http/http-util.js'

export interface HealthFacts {
  clientId: string
  dataDir?: string
  startedAt: string
}

/** `GET /_emulator/health`: answered by the admin routes, and by the server itself while those still load. */
export function sendHealth(response: HttpResponse, facts: HealthFacts): void {
  sendJson(response, 200, {
    ok: true,
    name: 'skctl-emulator',
    clientId: facts.clientId,
    dataDir: facts.dataDir ?? null,
    pid: process.pid,
    startedAt: facts.startedAt,
  })
}
