import { beforeEach, describe, expect, it, vi } from 'vitest'

// A report written without a connection waits in localStorage and goes when it can.
describe('drafts survive a lost connection', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.resetModules()
  })
  it('keeps a draft, keeps it while offline, sends it when back', async () => {
    const { keep, flush, waiting } = await import('../src/lib/drafts.js')
    keep({ title: '井盖缺失', category: 'x' })
    expect(waiting.value).toBe(1)
    globalThis.fetch = vi.fn().mockRejectedValue(new TypeError('offline'))
    expect(await flush()).toBe(false)
    expect(waiting.value).toBe(1)
    globalThis.fetch = vi.fn().mockResolvedValue(new Response('{"id":"1","code":"C1"}', { status: 201, headers: { 'Content-Type': 'application/json' } }))
    expect(await flush()).toBe(true)
    expect(waiting.value).toBe(0)
    expect(JSON.parse(globalThis.fetch.mock.calls[0][1].body).title).toBe('井盖缺失')
  })
  it('drops a draft the server refuses for good', async () => {
    const { keep, flush, waiting } = await import('../src/lib/drafts.js')
    keep({ title: 'x' })
    globalThis.fetch = vi.fn().mockResolvedValue(new Response('{"error":{"message":"bad"}}', { status: 422, headers: { 'Content-Type': 'application/json' } }))
    expect(await flush()).toBe(true)
    expect(waiting.value).toBe(0)
  })
})
