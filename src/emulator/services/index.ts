import type {ServiceDefinition} from '../rpc/service-definition.js'
import {apiTokenService} from './api-tokens.js'
import {auditLogsService} from './audit-logs.js'
import {authService} from './auth.js'
import {connectionService} from './connections.js'
import {directoryService} from './directories.js'
import {domainService} from './domains.js'
import {eventsService} from './events.js'
import {m2mClientService} from './m2m-clients.js'
import {organizationService} from './organizations.js'
import {passwordlessService} from './passwordless.js'
import {rolesService} from './roles.js'
import {sessionService} from './sessions.js'
import {userService} from './users.js'
import {webAuthnService} from './webauthn.js'

/**
 * Services the emulator serves over gRPC, Connect and REST. Adding one is a file with `defineService(<SDK
 * descriptor>, handlers)` plus a line here; RPCs without a handler answer Unimplemented.
 */
export const services: readonly ServiceDefinition[] = [
  organizationService,
  userService,
  domainService,
  connectionService,
  directoryService,
  rolesService,
  passwordlessService,
  apiTokenService,
  m2mClientService,
  sessionService,
  auditLogsService,
  eventsService,
  webAuthnService,
  authService,
]
