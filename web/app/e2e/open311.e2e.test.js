// Other systems in Chromium. An Open311 client written from the published
// specification alone, running where many such clients run — a browser: it
// parses our XML with the browser's own DOMParser, posts a form with
// URLSearchParams, follows its token, and watches the request go from open to
// closed as the city works it. And the administrator's screen for keys and
// webhooks, with a real receiver on loopback.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { createServer } from 'node:http'
import { api, browser, closeAll, login, pointIn, shot, startServer } from './harness.js'

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

// The client: GeoReport v2 over XML, nothing of GridGov's own.
async function georeport([step, args]) {
  const parse = async (res) => {
    const doc = new DOMParser().parseFromString(await res.text(), 'text/xml')
    if (doc.getElementsByTagName('parsererror').length) throw new Error('not well-formed XML')
    return { status: res.status, type: res.headers.get('content-type'), doc }
  }
  const text = (node, tag) => node.getElementsByTagName(tag)[0]?.textContent ?? null
  const discovery = await parse(await fetch('/open311/v2/discovery.xml'))
  const endpoint = new URL(text(discovery.doc, 'url'))
  const at = (path) => endpoint.pathname + path
  if (step === 'post') {
    const services = await parse(await fetch(at('services.xml')))
    const codes = [...services.doc.getElementsByTagName('service')].map((s) => text(s, 'service_code'))
    const code = codes.find((c) => c === args.service)
    const definition = await parse(await fetch(at(`services/${code}.xml`)))
    const attributes = [...definition.doc.getElementsByTagName('attribute')].map((a) => text(a, 'code'))
    const form = new URLSearchParams({
      api_key: args.key,
      service_code: code,
      lat: String(args.lat),
      long: String(args.long),
      description: '路口有车辆长时间占用消防通道',
      first_name: '小红',
      last_name: '张',
      email: 'zhang@example.cn',
    })
    if (attributes.includes('urgency')) form.set('attribute[urgency]', 'urgent')
    const posted = await parse(await fetch(at('requests.xml'), { method: 'POST', body: form }))
    const request = posted.doc.getElementsByTagName('request')[0]
    const token = text(request, 'token')
    const followed = await parse(await fetch(at(`tokens/${token}.xml`)))
    return {
      services: codes.length,
      attributes,
      status: posted.status,
      type: posted.type,
      id: text(request, 'service_request_id'),
      byToken: text(followed.doc, 'service_request_id'),
    }
  }
  const one = await parse(await fetch(at(`requests/${args.id}.xml?api_key=${args.key}`)))
  const request = one.doc.getElementsByTagName('request')[0]
  const list = await parse(await fetch(at(`requests.xml?status=${args.status}&service_code=${args.service}`)))
  const listed = [...list.doc.getElementsByTagName('request')].map((r) => text(r, 'service_request_id'))
  return {
    status: text(request, 'status'),
    notes: text(request, 'status_notes'),
    requested: text(request, 'requested_datetime'),
    listed: listed.includes(args.id),
  }
}

test('a client written to the GeoReport v2 specification posts a request and follows it to closed', { timeout: 120000 }, async () => {
  const admin = await api(base, 'admin')
  const street = (await admin.get('/api/v1/nodes?code=420102002000')).items[0]
  const client = await admin.post('/api/v1/api-clients', { name: '第三方随手拍', node_id: street.id })
  assert.match(client.key, /^gg_/)
  const community = await api(base, 'community')
  const worker = await api(base, 'worker')
  const { latitude, longitude } = await pointIn(community, '420102002003001')

  const b = await browser(base)
  await b.page.goto(`${base}/api/docs`) // any page of ours: the client runs on our origin
  const service = 'street_order.illegal_parking'
  const posted = await b.page.evaluate(georeport, ['post', { key: client.key, service, lat: latitude, long: longitude }])
  assert.equal(posted.status, 200)
  assert.equal(posted.type, 'text/xml; charset=utf-8')
  assert.ok(posted.services > 20)
  assert.deepEqual(posted.attributes, ['urgency', 'kind'])
  assert.match(posted.id, /^420102\d{13}$/)
  assert.equal(posted.byToken, posted.id)

  let seen = await b.page.evaluate(georeport, ['follow', { key: client.key, id: posted.id, service, status: 'open' }])
  assert.equal(seen.status, 'open')
  assert.ok(seen.listed)
  assert.match(seen.requested, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)

  // The city works the case through its own desk.
  const found = (await community.get(`/api/v1/cases?code=${posted.id}`)).items[0]
  assert.equal(found.channel, 'system')
  let v = found.version
  const act = async (who, action, extra = {}) => {
    const r = await who.post(`/api/v1/cases/${found.id}/actions`, { action, version: v, ...extra })
    assert.ok(r.version, JSON.stringify(r))
    v = r.version
  }
  await act(community, 'accept')
  await act(community, 'dispatch')
  await act(worker, 'sign')
  await act(worker, 'handle', { note: '已劝离车辆，消防通道畅通' })
  await act(worker, 'verify_pass')
  await act(community, 'close')

  seen = await b.page.evaluate(georeport, ['follow', { key: client.key, id: posted.id, service, status: 'closed' }])
  assert.equal(seen.status, 'closed')
  assert.match(seen.notes, /消防通道畅通/)
  assert.ok(seen.listed)
  assert.deepEqual(b.errors, [])
})

// The value the "shown once" dialog holds, once it holds the one expected.
async function shownOnce(page, prefix) {
  const input = 'input[data-test=secret], [data-test=secret] input'
  await page.waitForFunction(([sel, p]) => document.querySelector(sel)?.value.startsWith(p), [input, prefix])
  return page.locator(input).first().inputValue()
}

test('an administrator issues a key, adds a webhook, and sees the signed test delivery arrive', { timeout: 120000 }, async () => {
  // A receiver on loopback that checks nothing and records everything.
  const got = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      got.push({ headers: req.headers, body })
      res.writeHead(204).end()
    })
  })
  await new Promise((ok) => receiver.listen(0, '127.0.0.1', ok))
  const url = `http://127.0.0.1:${receiver.address().port}/gridgov`

  const b = await browser(base)
  const { page } = b
  await login(page, base, 'admin')
  await page.click('a[href="/integrations"]')
  await page.click('[data-test=issue-key]')
  await page.locator('input[data-test=client-name], [data-test=client-name] input').first().fill('街道随手拍小程序')
  await page.locator('input[data-test=client-node], [data-test=client-node] input').first().fill('420102002000')
  await page.click('[data-test=issue-submit]')
  const key = await shownOnce(page, 'gg_')
  assert.match(key, /^gg_/)
  await page.click('[data-test=secret-done]')
  const row = page.locator('[data-test=clients] tr', { hasText: '街道随手拍小程序' })
  await row.waitFor()
  assert.ok(!(await page.content()).includes(key), 'the key is shown once, never in the list')

  await row.click()
  await page.click('[data-test=add-webhook]')
  await page.locator('input[data-test=hook-url], [data-test=hook-url] input').first().fill(url)
  await page.click('[data-test=hook-submit]')
  const secret = await shownOnce(page, 'whsec_')
  assert.match(secret, /^whsec_/)
  await page.click('[data-test=secret-done]')
  const hookRow = page.locator('[data-test=webhooks] tr', { hasText: url })
  await hookRow.click()
  await hookRow.locator('[data-test=ping]').click()
  await page.locator('[data-test=deliveries] [data-state=delivered]').first().waitFor({ timeout: 20000 })
  assert.equal(got.length, 1)
  const { headers, body } = got[0]
  assert.equal(headers['x-gridgov-event'], 'ping')
  const expected = createHmac('sha256', secret).update(`${headers['x-gridgov-timestamp']}.${body}`).digest('hex')
  assert.equal(headers['x-gridgov-signature'], `sha256=${expected}`)
  await shot(page, 'integrations')

  // Revoked: the key stops working at once.
  await row.locator('[data-test=revoke]').click()
  await page.locator('.el-message-box .el-button--primary').click()
  await row.locator('.el-tag').waitFor()
  const res = await fetch(`${base}/open311/v2/requests.json?api_key=${key}`)
  assert.equal(res.status, 403)
  assert.deepEqual(b.errors, [])
  receiver.close()
})
