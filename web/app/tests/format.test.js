import { describe, expect, it } from 'vitest'
import { pct, when } from '../src/lib/format.js'
import { grouped } from '../src/lib/taxonomy.js'

describe('numbers, times and categories as people read them', () => {
  it('shows a missing rate as a dash, not 0%', () => {
    expect(pct(null)).toBe('—')
    expect(pct(87.3)).toBe('87.3%')
  })
  it('shows times in Beijing time whatever the browser', () => {
    // 2026-11-21 16:30 UTC is 22 Nov 00:30 in Beijing.
    expect(when(Date.UTC(2026, 10, 21, 16, 30))).toContain('11/22')
    expect(when(0)).toBe('')
  })
  it('groups active categories for the picker', () => {
    const g = grouped([
      { id: 'a.1', zh: '暴露垃圾', en: 'Garbage', group_zh: '市容环境', active: true },
      { id: 'a.2', zh: '道路不洁', en: 'Dirty road', group_zh: '市容环境', active: true },
      { id: 'b.1', zh: '已停用', en: 'Retired', group_zh: '其他', active: false },
    ])
    expect(g).toHaveLength(1)
    expect(g[0].children.map((c) => c.value)).toEqual(['a.1', 'a.2'])
    expect(grouped([{ id: 'a.1', zh: '暴露垃圾', en: 'Garbage', group_zh: '市容环境', active: true }], true)[0].children[0].label).toBe('Garbage')
  })
})
