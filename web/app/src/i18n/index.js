// zh-CN first; English on request (kept in localStorage, sent as Accept-Language).
import { createI18n } from 'vue-i18n'
import zh from './zh-CN.js'
import en from './en.js'

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('gridgov.locale') : null

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zh, en },
})

export function setLocale(locale) {
  i18n.global.locale.value = locale
  if (typeof localStorage !== 'undefined') localStorage.setItem('gridgov.locale', locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
