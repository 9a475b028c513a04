import { describe, expect, it } from 'vitest'
import { can, homeOf, roles } from '../src/lib/session.js'

const grant = (role, actions = []) => ({ role, actions, node_id: '1', node_name: '保成社区' })

describe('where each role starts and what it may do', () => {
  it('sends each main role to its own home', () => {
    expect(homeOf({ grants: [grant('leader')] })).toBe('/dashboard')
    expect(homeOf({ grants: [grant('street_staff')] })).toBe('/dashboard')
    expect(homeOf({ grants: [grant('community_secretary')] })).toBe('/cases')
    expect(homeOf({ grants: [grant('department_staff')] })).toBe('/cases')
    expect(homeOf({ grants: [grant('grid_worker')] })).toBe('/m')
    expect(homeOf({ grants: [grant('resident')] })).toBe('/report')
    expect(homeOf(null)).toBe('/report')
  })
  it('takes the strongest of several grants', () => {
    expect(homeOf({ grants: [grant('grid_worker'), grant('street_staff')] })).toBe('/dashboard')
  })
  it('allows an action only when some grant carries it', () => {
    const me = { grants: [grant('community_staff', ['case.read', 'person.read'])] }
    expect(can('person.read', me)).toBe(true)
    expect(can('person.reveal', me)).toBe(false)
    expect(roles(me)).toEqual(['community_staff'])
  })
})
