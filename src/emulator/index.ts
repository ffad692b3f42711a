export {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from './defaults.js'
export {type EmulatorOptions, type RunningEmulator, startEmulator} from './server.js'
