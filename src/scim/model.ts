import type {JsonObject} from '@bufbuild/protobuf'

// What `directories simulate push` reads from its input file (CSV or SCIM JSON): the state the simulated identity
// provider wants the directory to be in. Readers only parse; every request belongs to push.ts.

/** Where an item of the input file is, for reports: `line 4` of a CSV, `Users[2]` of a SCIM JSON file. */
export type Origin = string

export interface DesiredUser {
  at: Origin
  userName: string
  /** False: the user ends deactivated, the way identity providers deprovision. */
  active: boolean
  /** The SCIM User to provision (schemas and userName included), without `active` and server-owned attributes. */
  resource: JsonObject
}

/** A group member named by the userName of a user (in the file or already in the directory), or by SCIM id. */
export type MemberRef = {id: string} | {userName: string}

export interface DesiredGroup {
  at: Origin
  displayName: string
  /** Exactly the members the group should have. */
  members: MemberRef[]
  /** The SCIM Group to create (schemas and displayName included), without `members` and server-owned attributes. */
  resource: JsonObject
}

/** An item of the file that cannot be pushed: reported as a failed row, and nothing is sent for it. */
export interface InputProblem {
  at: Origin
  type: 'group' | 'user'
  /** The userName or displayName, when the item has one. */
  name: string
  message: string
}

export interface DesiredState {
  format: 'csv' | 'scim-json'
  users: DesiredUser[]
  groups: DesiredGroup[]
  problems: InputProblem[]
  /** Every userName the file names (lower case), valid or not: --delete-missing never deletes these. */
  named: Set<string>
}

/** SCIM compares userName and displayName without regard to case (RFC 7643 §4.1.1 caseExact false). */
export const nameKey = (name: string) => name.toLowerCase()
