#!/usr/bin/env -S node --import tsx
import {execute} from '@oclif/core'

import {registerSecretArgs} from '../src/secret-args.js'

registerSecretArgs(process.argv.slice(2))

await execute({development: true, dir: import.meta.url})
