import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { i18n } from '../src/i18n/index.js'
import KpiCards from '../src/components/KpiCards.vue'

describe('the dashboard cards', () => {
  it('shows the live counts and the month rates, overdue in red', () => {
    const w = mount(KpiCards, {
      props: { situation: { today: 11, open: 88, overdue: 15 }, measures: { received: 359, satisfaction_rate: 87.3 } },
      global: { plugins: [i18n] },
    })
    expect(w.get('[data-test=kpi-open] .value').text()).toBe('88')
    expect(w.get('[data-test=kpi-overdue]').classes()).toContain('bad')
    expect(w.get('[data-test=kpi-satisfaction] .value').text()).toBe('87.3%')
    expect(w.get('[data-test=kpi-response] .value').text()).toBe('—')
  })
  it('says so in English', async () => {
    i18n.global.locale.value = 'en'
    const w = mount(KpiCards, { props: { situation: { open: 1 } }, global: { plugins: [i18n] } })
    expect(w.text()).toContain('Open')
    i18n.global.locale.value = 'zh-CN'
  })
})
