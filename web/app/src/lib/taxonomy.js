// Categories, kinds, urgencies and channels, fetched once.
import { api } from './api.js'

let cached = null
export async function taxonomy() {
  if (!cached) cached = api.get('/api/v1/case-categories').catch((e) => ((cached = null), Promise.reject(e)))
  return cached
}

// Categories grouped for a cascader: [{value: group, label, children: [{value: id, label}]}].
export function grouped(categories, en = false) {
  const groups = new Map()
  for (const c of categories.filter((c) => c.active)) {
    if (!groups.has(c.group_zh)) groups.set(c.group_zh, { value: c.group_zh, label: c.group_zh, children: [] })
    groups.get(c.group_zh).children.push({ value: c.id, label: en ? c.en : c.zh })
  }
  return [...groups.values()]
}
