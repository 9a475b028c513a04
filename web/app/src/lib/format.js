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
