// Every page on a 390 px phone (the width most phones in use report): nothing
// wider than the screen — a wide table scrolls inside its card — and no request
// the page makes fails (the favicon once did, on every page).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { api, browser, closeAll, login, startServer } from './harness.js'

let server
before(async () => {
  server = await startServer()
})
after(async () => {
  await closeAll()
  await server?.stop()
})

const PAGES = [
  ['staff', ['/cases', 'a case', '/people', '/tree', '/measures', '/ledgers']],
  ['admin', ['/dashboard', '/calendar', '/integrations']],
]

test('every page fits a 390 px phone and loads without a failed request', { timeout: 240000 }, async () => {
  let checked = 0
  for (const [user, paths] of PAGES) {
    const b = await browser(server.base, { phone: true })
    await b.page.setViewportSize({ width: 390, height: 844 })
    await login(b.page, server.base, user)
    const failed = []
    b.page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`))
    b.page.on('console', (m) => m.type() === 'error' && failed.push(`console: ${m.text()}`))
    const client = await api(server.base, user)
    for (let path of paths) {
      if (path === 'a case') path = `/cases/${(await client.get('/api/v1/cases?limit=1')).items[0].id}`
      await b.page.goto(server.base + path)
      await b.page.waitForLoadState('networkidle')
      const overflow = await b.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.equal(overflow, 0, `${user} ${path} is ${overflow} px wider than the phone`)
      checked++
    }
    assert.deepEqual(failed, [], `${user}: failed requests`)
    assert.deepEqual(b.errors, [], `${user}: page errors`)
    await b.close()
  }
  assert.equal(checked, PAGES.reduce((n, [, p]) => n + p.length, 0))
})
