// Reports written in the street survive a lost connection: kept in
// localStorage and sent, oldest first, when the connection returns.
import { ref } from 'vue'
import { api } from './api.js'

const KEY = 'gridgov.drafts'
export const waiting = ref(read().length)

function read() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '[]')
  } catch {
    return []
  }
}
function write(list) {
  localStorage.setItem(KEY, JSON.stringify(list))
  waiting.value = list.length
}

export function keep(body) {
  write([...read(), { body, at: Date.now() }])
}

// Sends what is waiting; stops at the first failure (still offline).
export async function flush() {
  let list = read()
  while (list.length) {
    try {
      await api.post('/api/v1/cases', list[0].body)
    } catch (e) {
      if (e.status && e.status < 500) {
        list = list.slice(1) // refused for good (e.g. invalid): drop it
        write(list)
        continue
      }
      return false
    }
    list = list.slice(1)
    write(list)
  }
  return true
}

if (typeof window !== 'undefined') window.addEventListener('online', () => flush())
