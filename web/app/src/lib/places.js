// Departments serving a place: those of the district and street it lies in.
import { api } from './api.js'

export async function departmentsServing(nodeId) {
  const anc = await api.get(`/api/v1/nodes/${nodeId}/ancestors`).catch(() => ({ items: [] }))
  const out = []
  for (const a of anc.items || []) {
    if (!['district', 'street'].includes(a.level)) continue
    const d = await api.get(`/api/v1/nodes/${a.id}/departments`).catch(() => ({ items: [] }))
    out.push(...(d.items || []))
  }
  return out
}
