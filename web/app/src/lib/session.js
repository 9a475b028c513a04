// Who is signed in: their grants (role at a node) and the actions each allows.
// Every screen asks `can(action)`; the server checks again on every request.
import { reactive } from 'vue'
import { api } from './api.js'

export const session = reactive({ me: null, loaded: false })

// Where each role starts: desk roles at the case desk, leaders on the
// dashboard, people in the street on the phone view, residents on their page.
const HOMES = [
  ['admin', '/dashboard'],
  ['leader', '/dashboard'],
  ['street_staff', '/dashboard'],
  ['community_secretary', '/cases'],
  ['community_staff', '/cases'],
  ['department_staff', '/cases'],
  ['coordinator', '/cases'],
  ['grid_branch_secretary', '/m'],
  ['grid_worker', '/m'],
  ['sinking_cadre', '/m'],
  ['building_leader', '/m'],
  ['second_building_leader', '/m'],
  ['volunteer', '/m'],
  ['resident', '/report'],
]

export function roles(me = session.me) {
  return (me?.grants || []).map((g) => g.role)
}

export function homeOf(me = session.me) {
  const held = roles(me)
  for (const [role, path] of HOMES) if (held.includes(role)) return path
  return '/report'
}

export function can(action, me = session.me) {
  return (me?.grants || []).some((g) => (g.actions || []).includes(action))
}

// The nodes the caller's grants sit at (the tops of what they may see).
export function scopes(me = session.me) {
  return (me?.grants || []).map((g) => ({ id: g.node_id, name: g.node_name, role: g.role }))
}

export async function load() {
  try {
    session.me = await api.get('/api/v1/auth/me')
  } catch {
    session.me = null
  }
  session.loaded = true
  return session.me
}

export async function login(username, password) {
  await api.post('/api/v1/auth/login', { username, password })
  return load()
}

export async function logout() {
  try {
    await api.post('/api/v1/auth/logout')
  } finally {
    session.me = null
  }
}
