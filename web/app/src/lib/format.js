import { i18n } from '../i18n/index.js'

// Numbers and times as people read them.
export function pct(v) {
  return v === null || v === undefined ? '—' : `${v}%`  // the server sends percentages
}

export function when(ms, locale = 'zh-CN') {
  if (!ms) return ''
  return new Date(ms).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
}

// Shades from pale to deep for a map coloured by a count or a rate.
export const SCALE = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603']
export const SCALE_GOOD = ['#a50f15', '#fb6a4a', '#fcbba1', '#c7e9c0', '#238b45']

// Names of the loop's states and actions and of the tree's levels in the interface language,
// from the ids the server sends (falling back to the server's Chinese, then the id).
function named(group, id, zh) {
  const key = `${group}.${id}`
  if (id && i18n.global.te(key)) return i18n.global.t(key)
  return (i18n.global.locale.value === 'en' ? id : zh) || id || ''
}
export const stateName = (c) => named('state', c?.state, c?.state_zh)
export const actionName = (a) => named('action', a?.action, a?.zh || a?.action_zh)
export const levelName = (n) => named('level', n?.level, n?.level_zh)
