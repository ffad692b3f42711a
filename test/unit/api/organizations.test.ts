import {describe, expect, it} from 'vitest'

import {mergeMetadata, parseOrganizationRef} from '../../../src/api/organizations.js'

describe('mergeMetadata', () => {
  it('adds and overwrites keys, and removes keys given an empty value', () => {
    expect(mergeMetadata({a: '1', b: '2'}, {a: '', b: '3', c: '4'})).toEqual({b: '3', c: '4'})
  })
})

describe('parseOrganizationRef', () => {
  it('reads org_ ids as ids and anything else as an external id', () => {
    expect(parseOrganizationRef('org_59615193906282635')).toEqual({id: 'org_59615193906282635'})
    expect(parseOrganizationRef(' acme-42 ')).toEqual({externalId: 'acme-42'})
    expect(parseOrganizationRef('org-42')).toEqual({externalId: 'org-42'})
    // Auth0 and WorkOS organization ids start with org_ too: kept as external ids after a migration.
    expect(parseOrganizationRef('org_W2Ak6jKMwvu7N0Dj')).toEqual({externalId: 'org_W2Ak6jKMwvu7N0Dj'})
  })
})
