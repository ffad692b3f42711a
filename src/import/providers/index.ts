import type {ProviderReader} from '../model.js'
import {readAuth0} from './auth0.js'
import {readCognito} from './cognito.js'
import {readFirebase} from './firebase.js'
import type {Provider} from './mapping.js'
import {readWorkos} from './workos.js'

export type {Provider} from './mapping.js'
export {PROVIDER_NAMES} from './mapping.js'

/** `skctl migrate <provider> FILE...`: each provider's reader sorts out its files by content. */
export const providers: Record<Provider, ProviderReader> = {
  auth0: readAuth0,
  cognito: readCognito,
  firebase: readFirebase,
  workos: readWorkos,
}
