// The product in Chromium, as its people use it: each role's home, a report
// from the phone, the whole loop through the desk to the resident's
// evaluation, the dashboard moving live, identity numbers staying masked.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { api, browser, closeAll, login, pickCategory, pointIn, shot, startServer } from './harness.js'

let server
let base
before(async () => {
  server = await startServer()
  base = server.base
})
after(async () => {
  await closeAll()
  await server?.stop()
})

const HOMES = [
  ['admin', '/dashboard'],
  ['leader', '/dashboard'],
  ['street', '/dashboard'],
  ['community', '/cases'],
  ['department', '/cases'],
  ['worker', '/m'],
  ['resident', '/report'],
]

test('each main role lands on its own home and sees only its menu', { timeout: 180000 }, async () => {
  for (const [user, home] of HOMES) {
    const b = await browser(base, { phone: user === 'worker' })
    try {
      await login(b.page, base, user)
      await b.page.waitForURL((u) => u.pathname === home)
      const nav = await b.page.locator('.top .nav a').allTextContents()
      if (user === 'resident') assert.ok(!nav.includes('人口房屋'), 'a resident sees no registry')
      if (user === 'street') assert.ok(nav.includes('人口房屋') && nav.includes('一屏调度'))
      await shot(b.page, `home-${user}`)
      assert.deepEqual(b.errors, [], `${user}: no script errors`)
    } finally {
      await b.close()
    }
  }
})

test('the whole loop: reported on the phone and by a resident, handled through the desk, evaluated', { timeout: 240000 }, async () => {
  const admin = await api(base, 'admin')
  const at = await pointIn(admin, '420102002003001') // inside 保成社区's first grid, where the worker works
  const geolocation = { latitude: at.latitude, longitude: at.longitude }

  // A grid worker reports an event from the street: category, title, GPS, photo-ready form.
  const worker = await browser(base, { phone: true, geolocation })
  await login(worker.page, base, 'worker')
  await worker.page.getByRole('tab', { name: '上报事件' }).click()
  await pickCategory(worker.page, '暴露垃圾')
  await worker.page.locator('input[data-test=title], [data-test=title] input').first().fill('端到端-路口垃圾堆积')
  await worker.page.getByRole('button', { name: '使用当前位置' }).click()
  await worker.page.getByText('已定位').waitFor()
  await shot(worker.page, 'phone-report')
  await worker.page.click('[data-test=submit-case]')
  await worker.page.locator('.el-message--success').waitFor()
  await shot(worker.page, 'phone-tasks')

  // A resident reports from their phone and gets a code; this case goes round the whole loop.
  const resident = await browser(base, { phone: true, geolocation })
  await login(resident.page, base, 'resident')
  await pickCategory(resident.page, '道路不洁')
  await resident.page.locator('input[data-test=title], [data-test=title] input').first().fill('端到端-楼下路面油污')
  await resident.page.locator('input[data-test=phone], [data-test=phone] input').first().fill('13900001111')
  await resident.page.getByRole('button', { name: '使用当前位置' }).click()
  await resident.page.getByText('已定位').waitFor()
  await shot(resident.page, 'phone-resident-report')
  await resident.page.click('[data-test=submit-case]')
  const sent = await resident.page.locator('[data-test=sent]').textContent()
  const code = sent.match(/编号 (\S+?)。/)[1]
  const found = (await admin.get('/api/v1/cases?limit=100')).items.find((c) => c.code === code)
  assert.ok(found, `case ${code} registered`)

  // The community's dispatcher accepts and dispatches it.
  const desk = await browser(base)
  await login(desk.page, base, 'community')
  await desk.page.locator('[data-test=queue]').getByText('端到端-楼下路面油污').waitFor()
  await shot(desk.page, 'case-desk')
  const act = async (page, action, note) => {
    await page.click(`[data-test=action-${action}]`)
    if (note) await page.locator('[data-test=note] textarea, textarea[data-test=note]').first().fill(note)
    await page.click('[data-test=action-submit]')
    await page.locator('.el-dialog').waitFor({ state: 'hidden' })
  }
  await desk.page.goto(`${base}/cases/${found.id}`)
  await act(desk.page, 'accept')
  await act(desk.page, 'dispatch')
  await shot(desk.page, 'case-detail')

  // The grid worker signs for it, handles it and verifies it on the spot.
  await worker.page.goto(`${base}/cases/${found.id}`)
  await act(worker.page, 'sign')
  await act(worker.page, 'handle', '已联系环卫清洗路面')
  await act(worker.page, 'verify_pass')

  // The dispatcher closes it; the resident evaluates it.
  await desk.page.reload()
  await act(desk.page, 'close')
  await resident.page.goto(`${base}/report`)
  await resident.page.click('[data-test=my-evaluate]')
  await resident.page.click('[data-test=action-submit]')
  await resident.page.locator('.el-dialog').waitFor({ state: 'hidden' })
  const final = await admin.get(`/api/v1/cases/${found.id}`)
  assert.equal(final.state, 'evaluated')
  // In English the case page's state and history are English too (they once stayed Chinese).
  await desk.page.getByRole('button', { name: 'English' }).click()
  await desk.page.goto(`${base}/cases/${found.id}`)
  await desk.page.locator('[data-test=case-state]').filter({ hasText: 'Evaluated' }).waitFor()
  const page = await desk.page.locator('.page').innerText()
  for (const zh of ['已评价', '立案', '派遣', '签收', '结案']) assert.ok(!page.includes(zh), `English page shows ${zh}`)
  await desk.page.getByRole('button', { name: '中文' }).click()
  assert.equal(final.evaluation.satisfied, true)
  const steps = final.history.map((h) => h.action)
  for (const a of ['accept', 'dispatch', 'sign', 'handle', 'verify_pass', 'close', 'evaluate']) assert.ok(steps.includes(a), a)
  for (const b of [worker, resident, desk]) {
    assert.deepEqual(b.errors, [])
    await b.close()
  }
})

test('the dashboard updates live as a case comes in', { timeout: 120000 }, async () => {
  const b = await browser(base)
  await login(b.page, base, 'street')
  const today = b.page.locator('[data-test=kpi-today] .value')
  await today.filter({ hasText: /^\d+$/ }).waitFor()
  const before = Number(await today.textContent())
  await b.page.locator('[data-test=feed][data-live=open]').waitFor() // the live feed has connected
  const r = await fetch(`${base}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'complaint', category: 'street_order.illegal_parking', title: '端到端-实时推送',
      contact_phone: '13900002222', node_id: (await (await api(base, 'admin')).get('/api/v1/nodes?code=420102002003')).items[0].id }),
  })
  const c = await r.json()
  await b.page.locator('[data-test=feed]').getByText(c.code).waitFor({ timeout: 15000 })
  await shot(b.page, 'dashboard')
  await b.page.reload()
  await today.filter({ hasText: /^\d+$/ }).waitFor()
  assert.equal(Number(await today.textContent()), before + 1)
  // The features' own figures for the street: its residents counted by the registry.
  const residents = b.page.locator('[data-test="figure-registry.residents"]')
  await residents.filter({ hasText: '实有人口' }).waitFor()
  assert.ok(Number((await residents.locator('.value').textContent()).replace(/\D/g, '')) > 1000)
  // English on request: the same screen, its words switched.
  await b.page.getByRole('button', { name: 'English' }).click()
  await b.page.locator('[data-test=kpi-open]').filter({ hasText: 'Open' }).waitFor()
  await residents.filter({ hasText: 'Residents' }).waitFor()
  await shot(b.page, 'dashboard-en')
  await b.page.getByRole('button', { name: '中文' }).click()
  await b.page.goto(`${base}/measures`)
  await b.page.locator('.kpi').first().waitFor()
  await shot(b.page, 'measures')
  await b.page.goto(`${base}/tree`)
  await b.page.locator('[data-test=tree]').waitFor()
  await shot(b.page, 'tree')
  // The API's own description, readable without the internet.
  await b.page.goto(`${base}/api/docs`)
  await b.page.locator('[data-op=get_api_v1_cases]').waitFor()
  await b.page.fill('#q', 'ledger')
  assert.equal(await b.page.locator('[data-op=get_api_v1_cases]').count(), 0)
  assert.ok((await b.page.locator('.op').count()) >= 3)
  await shot(b.page, 'api-docs')
  assert.deepEqual(b.errors, [])
  await b.close()
})

test('identity numbers stay masked; revealing takes a role that may and a reason', { timeout: 120000 }, async () => {
  const staff = await browser(base)
  await login(staff.page, base, 'staff')
  await staff.page.goto(`${base}/people`)
  const cells = staff.page.locator('[data-test=people] .el-table__body tr td:nth-child(3)')
  await cells.first().waitFor()
  const shown = await cells.allTextContents()
  assert.ok(shown.length > 10)
  for (const s of shown.filter((x) => x.trim())) assert.match(s, /^\d{4}\*{10}[\dX]{4}$/)
  const html = await staff.page.content()
  assert.ok(!/\b\d{17}[\dX]\b/.test(html), 'no full identity number anywhere on the page')
  await cells.first().click()
  await staff.page.locator('[data-test=identity]').waitFor()
  assert.equal(await staff.page.locator('[data-test=reveal]').count(), 0, 'community staff may not reveal')
  await shot(staff.page, 'people')
  await staff.page.goto(`${base}/ledgers`)
  await staff.page.getByText('导入记录').waitFor()
  await shot(staff.page, 'ledgers')
  await staff.close()

  const secretary = await browser(base)
  await login(secretary.page, base, 'community')
  await secretary.page.goto(`${base}/people`)
  await secretary.page.locator('[data-test=people] .el-table__body tr').first().click()
  await secretary.page.click('[data-test=reveal]')
  await secretary.page.locator('.el-message-box input').fill('核对低保申请材料')
  await secretary.page.locator('.el-message-box .el-button--primary').click()
  await secretary.page.locator('[data-test=identity]').filter({ hasNotText: '*' }).waitFor()
  const full = await secretary.page.locator('[data-test=identity]').textContent()
  assert.match(full.trim(), /^\d{17}[\dX]$/)
  const audit = await (await api(base, 'admin')).get('/api/v1/audit?action=person.reveal')
  assert.ok(audit.items.some((a) => JSON.stringify(a).includes('核对低保申请材料')))
  await secretary.close()
})

test('grid outlines: those who may redraw them; a shape outside the parent is refused, saying why', { timeout: 120000 }, async () => {
  const b = await browser(base)
  await login(b.page, base, 'community')
  await b.page.goto(`${base}/tree`)
  await b.page.locator('input[data-test=tree-q], [data-test=tree-q] input').first().fill('第1网格第1微网格')
  await b.page.keyboard.press('Enter')
  await b.page.locator('.found a').first().click()
  await b.page.click('[data-test=shape-edit]')
  const canvas = b.page.locator('.editor .canvas')
  await canvas.locator('canvas').first().waitFor()
  const box = await canvas.boundingBox()
  // Four corners far to the left of the grid: outside its parent.
  for (const [fx, fy] of [[0.05, 0.3], [0.2, 0.3], [0.2, 0.6], [0.05, 0.6]]) {
    await b.page.mouse.click(box.x + box.width * fx, box.y + box.height * fy)
  }
  await b.page.click('[data-test=shape-save]')
  await b.page.locator('.editor .el-alert').filter({ hasText: '超出上级区域' }).waitFor()
  await shot(b.page, 'tree-shape-edit')
  assert.deepEqual(b.errors, [])
  await b.close()
  // A grid worker may read the tree but not redraw it: no edit button.
  const w = await browser(base)
  await login(w.page, base, 'worker')
  await w.page.goto(`${base}/tree`)
  await w.page.locator('input[data-test=tree-q], [data-test=tree-q] input').first().fill('第1网格第1微网格')
  await w.page.keyboard.press('Enter')
  await w.page.locator('.found a').first().click()
  // The grid is shown (where the button would be) and there is no button.
  await w.page.locator('[data-test=node-head]').filter({ hasText: '第1微网格' }).waitFor()
  assert.equal(await w.page.locator('[data-test=shape-edit]').count(), 0)
  await w.close()
})
