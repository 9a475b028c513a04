// The holiday calendar in Chromium, on a server whose clock stands at
// 5 December 2026: next year's notice is not entered, so the administrator is
// told on the dashboard, follows the banner to the calendar, sets a day by a
// click, imports the notice from a sheet (a bad one refused row by row), and
// the warning is gone.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { api, browser, closeAll, login, shot, startServer } from './harness.js'

let server
let base
before(async () => {
  server = await startServer(['--clock-start', '2026-12-05T10:00:00+08:00'])
  base = server.base
})
after(async () => {
  await closeAll()
  await server?.stop()
})

test('a year without its holiday notice: told on the dashboard, entered on the calendar', { timeout: 120000 }, async () => {
  const b = await browser(base)
  await login(b.page, base, 'admin')
  await b.page.goto(`${base}/dashboard`)
  const notice = b.page.locator('[data-test=notice]').filter({ hasText: '2027' })
  await notice.waitFor()
  await notice.locator('a').click()
  await b.page.waitForURL((u) => u.pathname === '/calendar' && u.search.includes('2027'))
  await b.page.locator('[data-test=calendar-provisional]').waitFor()
  // 1 January counts as a statutory day off even before the notice.
  assert.match(await b.page.locator('[data-date="2027-01-01"]').getAttribute('class'), /statutory/)

  // A day set by a click: Monday 8 February 2027 made a holiday.
  await b.page.click('[data-date="2027-02-08"]')
  await b.page.locator('.el-dialog .el-radio').filter({ hasText: '放假' }).click()
  await b.page.click('[data-test=calendar-save]')
  await b.page.locator('[data-date="2027-02-08"].holiday').waitFor()

  // A sheet with a date outside the year is refused, every bad row listed, nothing entered.
  const bad = join(tmpdir(), `notice-bad-${process.pid}.csv`)
  writeFileSync(bad, '日期,类型,备注\n2026-12-31,放假,去年\n2027-02-10,休假,\n')
  await b.page.setInputFiles('[data-test=calendar-file]', bad)
  const errors = b.page.locator('[data-test=calendar-errors] .el-table__row')
  await errors.nth(1).waitFor()
  assert.equal(await errors.count(), 2)
  await b.page.locator('[data-test=calendar-provisional]').waitFor()

  // The notice itself: the year is entered and the warning goes.
  const good = join(tmpdir(), `notice-${process.pid}.csv`)
  writeFileSync(good, '日期,类型,备注\n2027-01-01,放假,元旦\n2027-02-06,放假,春节\n2027-02-20,调休上班,\n')
  await b.page.setInputFiles('[data-test=calendar-file]', good)
  await b.page.locator('[data-test=calendar-entered]').waitFor()
  await b.page.locator('[data-date="2027-02-20"].workday').waitFor()
  await shot(b.page, 'calendar')
  const admin = await api(base, 'admin')
  assert.deepEqual((await admin.get('/api/v1/calendar/status')).missing_years, [])
  await b.page.goto(`${base}/dashboard`)
  await b.page.locator('[data-test=kpi-today] .value').filter({ hasText: /^\d+$/ }).waitFor()
  assert.equal(await b.page.locator('[data-test=notice]').count(), 0)
  assert.deepEqual(b.errors, [])
  await b.close()
})

test('the calendar is for administrators only', { timeout: 60000 }, async () => {
  const b = await browser(base)
  await login(b.page, base, 'community')
  await b.page.goto(`${base}/calendar`)
  await b.page.waitForURL((u) => u.pathname !== '/calendar')
  const nav = await b.page.locator('.top .nav a').allTextContents()
  assert.ok(!nav.includes('节假日日历'))
  await b.close()
})
