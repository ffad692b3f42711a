import {describe, expect, it} from 'vitest'

import type {SyncPlan} from '../../../src/memberships/sync-plan.js'
import {makeChalk} from '../../../src/output/color.js'
import {renderSyncPlan} from '../../../src/output/membership-sync.js'

const plan = (changes: SyncPlan['changes'], summary: Partial<SyncPlan['summary']> = {}): SyncPlan => ({
  changes,
  organizationId: 'org_1',
  summary: {add: 0, changeRoles: 0, notListed: 0, remove: 0, unchanged: 0, ...summary},
})

describe('renderSyncPlan', () => {
  it('shows each change with its sign and the counts, remote emails and roles escaped', () => {
    const text = renderSyncPlan(
      plan(
        [
          {action: 'add', email: 'new@acme.com', line: 2, roles: []},
          {action: 'change_roles', email: 'jane@acme.com', from: ['member'], line: 3, to: ['admin'], userId: 'usr_1'},
          {action: 'remove', email: 'evil\u001b]0;owned\u0007@acme.com', roles: ['x\u202eadmin'], userId: 'usr_2'},
        ],
        {add: 1, changeRoles: 1, notListed: 1, remove: 1, unchanged: 4},
      ),
      makeChalk(false),
      'Plan:',
    )
    expect(text.split('\n')).toEqual([
      'Plan:',
      '',
      '+ add new@acme.com (default role)',
      '~ change role jane@acme.com: member → admin',
      '- remove evil\\u001b]0;owned\\u0007@acme.com (x\\u202eadmin)',
      '',
      '3 changes: 1 to add, 1 to change role, 1 to remove.',
      '4 members already as listed.',
    ])
  })

  it('says when nothing differs and how many unlisted members are kept without --prune', () => {
    const text = renderSyncPlan(plan([], {notListed: 2, unchanged: 1}), makeChalk(false), 'Plan:')
    expect(text).toContain('No changes: the members match the file.')
    expect(text).toContain('1 member already as listed.')
    expect(text).toContain('2 members not in the file kept (pass --prune to remove them).')
  })
})
