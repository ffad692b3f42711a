// The baseline for `skctl users import`: the least a script can do to import the same CSV with the SDK — read the
// lines, call createUserAndMembership for each with the same concurrency. No validation, retries or reports.
// Usage: node bench/import-baseline.mjs FILE ORG_ID CONCURRENCY
import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'

import {ScalekitClient} from '@scalekit-sdk/node'

const [file, organizationId, concurrency] = process.argv.slice(2)
const {SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET, SCALEKIT_ENVIRONMENT_URL} = process.env
const sk = new ScalekitClient(SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET)
await sk.organization.getOrganization(organizationId) // mint the token before fanning out

const inFlight = new Set()
let header = true
for await (const line of createInterface({input: createReadStream(file)})) {
  if (header || !line) {
    header = false
    continue
  }
  const [email, firstName, lastName, externalId] = line.split(',')
  while (inFlight.size >= Number(concurrency)) await Promise.race(inFlight)
  const call = sk.user
    .createUserAndMembership(organizationId, {
      email,
      externalId,
      userProfile: {firstName, lastName},
      sendInvitationEmail: false,
    })
    .finally(() => inFlight.delete(call))
  inFlight.add(call)
}
await Promise.all(inFlight)
