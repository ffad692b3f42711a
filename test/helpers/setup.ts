import {afterEach} from 'vitest'

// Tests never inherit the developer's Scalekit credentials or profile.
for (const key of Object.keys(process.env)) {
  if (key.startsWith('SCALEKIT_') || key.startsWith('SKCTL_')) delete process.env[key]
}

afterEach(() => {
  process.exitCode = undefined
})
