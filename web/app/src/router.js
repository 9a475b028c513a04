import { createRouter, createWebHistory } from 'vue-router'
import { session, load, homeOf, can } from './lib/session.js'

const routes = [
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/report', component: () => import('./views/ResidentView.vue'), meta: { public: true } },
  { path: '/dashboard', component: () => import('./views/DashboardView.vue'), meta: { action: 'case.read' } },
  { path: '/cases', component: () => import('./views/CasesView.vue'), meta: { action: ['case.read', 'case.handle'] } },
  { path: '/cases/:id', component: () => import('./views/CaseView.vue'), meta: { action: ['case.read', 'case.handle', 'case.intake'] } },
  { path: '/measures', component: () => import('./views/MeasuresView.vue'), meta: { action: 'case.read' } },
  { path: '/m', component: () => import('./views/MobileView.vue') },
  { path: '/tree', component: () => import('./views/TreeView.vue'), meta: { action: 'node.read' } },
  { path: '/people', component: () => import('./views/PeopleView.vue'), meta: { action: 'person.read' } },
  { path: '/integrations', component: () => import('./views/IntegrationsView.vue'), meta: { action: 'apiclient.manage' } },
  { path: '/calendar', component: () => import('./views/CalendarView.vue'), meta: { action: 'calendar.manage' } },
  { path: '/ledgers', component: () => import('./views/LedgersView.vue'), meta: { action: 'person.write' } },
  { path: '/', redirect: () => (session.me ? homeOf() : '/login') },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  if (!session.loaded) await load()
  if (to.meta.public) return true
  if (!session.me) return { path: '/login', query: { next: to.fullPath } }
  // A screen needs one of its actions; the home of every role needs none it lacks.
  const needs = [to.meta.action || []].flat()
  if (needs.length && !needs.some((a) => can(a))) return to.path === homeOf() ? '/report' : homeOf()
  return true
})
