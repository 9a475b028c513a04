// The one way the app talks to the server: JSON over fetch with the session
// cookie, the interface language as Accept-Language, errors as thrown ApiError
// carrying the server's message (already in the user's language).
import { i18n } from '../i18n/index.js'

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`)
    this.status = status
    this.code = body?.error?.code
    this.field = body?.error?.field
    this.body = body
  }
}

function headers(extra) {
  return { 'Accept-Language': i18n.global.locale.value === 'en' ? 'en' : 'zh-CN', ...extra }
}

export async function request(method, path, body, extraHeaders = {}) {
  const init = { method, credentials: 'same-origin', headers: headers(extraHeaders) }
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof ArrayBuffer || typeof body === 'string') {
      init.body = body
    } else {
      init.body = JSON.stringify(body)
      init.headers['Content-Type'] = 'application/json'
    }
  }
  const res = await fetch(path, init)
  const type = res.headers.get('Content-Type') || ''
  const data = type.includes('json') ? await res.json().catch(() => null) : null
  if (!res.ok) throw new ApiError(res.status, data)
  return data
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body ?? {}),
  put: (path, body) => request('PUT', path, body ?? {}),
  patch: (path, body) => request('PATCH', path, body ?? {}),
  upload: (path, file, type) => request('POST', path, file, { 'Content-Type': type }),
}

// Query strings from an object, leaving out empty values.
export function qs(params) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v)
  const s = q.toString()
  return s ? `?${s}` : ''
}
