import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import FigureCards from '../src/components/FigureCards.vue'

describe('the features\' figures on the dashboard', () => {
  it('shows each figure as the server names it, trouble in red', () => {
    const w = mount(FigureCards, {
      props: {
        items: [
          { code: 'registry.residents', name: '实有人口', value: 15234, trouble: false },
          { code: 'registry.visits_overdue', name: '走访逾期', value: 3, trouble: true },
        ],
      },
    })
    expect(w.get('[data-test="figure-registry.residents"] .value').text()).toBe((15234).toLocaleString())
    expect(w.get('[data-test="figure-registry.residents"] .label').text()).toBe('实有人口')
    expect(w.get('[data-test="figure-registry.visits_overdue"]').classes()).toContain('bad')
    expect(w.get('[data-test="figure-registry.residents"]').classes()).not.toContain('bad')
  })
  it('shows nothing when the caller may see no figure', () => {
    const w = mount(FigureCards, { props: { items: [] } })
    expect(w.find('[data-test=figures]').exists()).toBe(false)
  })
})
