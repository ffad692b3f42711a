import type {ServiceDefinition} from '../rpc/service-definition.js'
import {organizationService} from './organizations.js'

/**
 * Services the emulator serves over gRPC, Connect and REST. Adding one is a file with `defineService(<SDK
 * descriptor>, handlers)` plus a line here; RPCs without a handler answer Unimplemented.
 */
export const services: readonly ServiceDefinition[] = [organizationService]
