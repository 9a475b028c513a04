// The end-to-end harness: a real `gridgov serve` on loopback with the demo
// city in a fresh SQLite file, Debian's Chromium driven by playwright-core,
// screenshots kept under test-artifacts/screens.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'

export const ROOT = resolve(import.meta.dirname, '../../..')
export const SHOTS = join(ROOT, 'test-artifacts', 'screens')
export const PASSWORD = 'GridGov#2026'
const BIN = process.env.GRIDGOV_BIN || join(ROOT, 'build/src/gridgov')

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => ok(port))
    })
  })
}

// `extra`: more flags for the demo and the server (e.g. --clock-start for a given day).
export async function startServer(extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'gridgov-e2e-'))
  const flags = ['--database', `sqlite:${dir}/e2e.db`, '--privacy-key-file', `${dir}/privacy.key`, '--log-level', 'warn', ...extra]
  execFileSync(BIN, ['demo', ...flags], { cwd: ROOT, stdio: 'ignore' })
  const port = await freePort()
  const proc = spawn(BIN, ['serve', ...flags, '--http-port', String(port), '--http-web-root', join(ROOT, 'web/dist')], {
    cwd: ROOT,
    stdio: 'ignore',
  })
  const base = `http://127.0.0.1:${port}`
  // Until it answers, or give up after 10 s.
  let up = false
  for (const deadline = Date.now() + 10000; !up && Date.now() < deadline; ) {
    try {
      up = (await fetch(`${base}/healthz`)).ok
    } catch {}
    if (!up) await new Promise((r) => setTimeout(r, 50))
  }
  if (!up) throw new Error(`gridgov serve did not answer on ${base}`)
  mkdirSync(SHOTS, { recursive: true })
  return {
    base,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// Every browser still open, so a failed test cannot leave Chromium running
// (and the suite waiting for it).
const open = new Set()
export async function closeAll() {
  for (const b of [...open]) await b.close().catch(() => {})
}

// A browser of its own for one person (its own cookies), headless, offline
// from everything but our server.
export async function browser(base, { phone = false, geolocation } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pw-chromium-'))
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: phone ? { width: 360, height: 740 } : { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation,
    permissions: geolocation ? ['geolocation'] : [],
  })
  const page = context.pages()[0] || (await context.newPage())
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  const handle = {
    page,
    errors,
    async close() {
      open.delete(handle)
      await context.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  open.add(handle)
  return handle
}

export async function login(page, base, username) {
  await page.goto(`${base}/login`)
  await page.locator('input[data-test=username], [data-test=username] input').first().fill(username)
  await page.locator('input[data-test=password], [data-test=password] input').first().fill(PASSWORD)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

export async function shot(page, name) {
  // Charts on the page have finished drawing and animating.
  await page.waitForFunction(() => [...document.querySelectorAll('.echart')].every((e) => e.dataset.rendered === 'true'))
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false })
}

// The API as a signed-in person, for looking things up and for arranging.
export async function api(base, username) {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  })
  const { token } = await r.json()
  const call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    })
    return res.json()
  }
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) }
}

// A point inside a node's first child outline (the middle of its bounding box).
export async function pointIn(client, code) {
  const node = (await client.get(`/api/v1/nodes?code=${code}`)).items[0]
  const shapes = await client.get(`/api/v1/nodes/${node.id}/shapes`)
  const ring = shapes.features[0].geometry.coordinates[0][0]
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  return { node, longitude: (Math.min(...xs) + Math.max(...xs)) / 2, latitude: (Math.min(...ys) + Math.max(...ys)) / 2 }
}

// Chooses a category in the form's cascader by typing part of its name.
export async function pickCategory(page, text) {
  const input = page.locator('.case-form .el-cascader input').first()
  await input.click()
  await input.fill(text)
  await page.locator('.el-cascader__suggestion-item').first().click()
}
