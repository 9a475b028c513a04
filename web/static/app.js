// A small page until the Vue app lands: log in, see one's grants, walk the tree.
'use strict';
const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
  const res = await fetch(path, {
    method, credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error((data && data.error && data.error.message) || res.statusText);
  return data;
}

function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }

async function showChildren(node, trail) {
  $('tree-error').textContent = '';
  const crumbs = $('crumbs');
  crumbs.replaceChildren();
  trail.forEach((n, i) => {
    const a = document.createElement('a');
    a.textContent = n.name + (i < trail.length - 1 ? ' ›' : '');
    a.onclick = () => showChildren(n, trail.slice(0, i + 1));
    crumbs.append(a);
  });
  try {
    const { items } = await api('GET', `/api/v1/nodes/${node.id}/children?limit=200`);
    const rows = items.map((c) => {
      const tr = document.createElement('tr');
      tr.append(cell(c.name), cell(c.level_zh), cell(c.code));
      tr.onclick = () => showChildren(c, [...trail, c]);
      return tr;
    });
    $('rows').replaceChildren(...rows);
    if (!items.length) $('tree-error').textContent = '没有下级节点 No children';
  } catch (e) { $('tree-error').textContent = e.message; }
}

async function showHome() {
  const me = await api('GET', '/api/v1/auth/me');
  $('login').hidden = true;
  $('who').hidden = false;
  $('tree').hidden = false;
  $('who-name').textContent = `${me.display_name}（${me.username}）`;
  $('grants').textContent = me.grants.map((g) => `${g.role_zh} @ ${g.node_name}`).join('；');
  const { items } = await api('GET', '/api/v1/nodes');
  if (items.length) showChildren(items[0], [items[0]]);
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  $('login-error').textContent = '';
  try {
    await api('POST', '/api/v1/auth/login', { username: f.get('username'), password: f.get('password') });
    await showHome();
  } catch (e) { $('login-error').textContent = e.message; }
});

$('logout').addEventListener('click', async () => {
  await api('POST', '/api/v1/auth/logout').catch(() => {});
  location.reload();
});

showHome().catch(() => {});
