// The baseline for `skctl orgs list --json`: the least a script can do to make the same call with the SDK.
import {toJson} from '@bufbuild/protobuf'
import {ScalekitClient} from '@scalekit-sdk/node'
import {OrganizationSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'

const {SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET, SCALEKIT_ENVIRONMENT_URL} = process.env
const sk = new ScalekitClient(SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET)
const res = await sk.organization.listOrganization({pageSize: 100})
process.stdout.write(`${JSON.stringify(res.organizations.map((o) => toJson(OrganizationSchema, o)))}\n`)
