// The officers' dashboard: one page, routed by the URL's #fragment, signed
// in by the hub's session cookie (docs/DASHBOARD.md).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf, whenSignedOut } from './api.js';
import { html } from './html.js';
import { currentLang, setLang, t } from './i18n.js';
import { Loading } from './ui.js';
import { Login } from './pages/login.js';
import { Inbox } from './pages/inbox.js';
import { Cases } from './pages/cases.js';
import { CasePage } from './pages/case.js';
import { Devices } from './pages/devices.js';
import { Users } from './pages/users.js';
import { Audit } from './pages/audit.js';
import { Content } from './pages/content.js';
import { Reports } from './pages/reports.js';

// "#/cases?state=received" -> {path: ["cases"], query: {state: "received"}}
function parseHash() {
  const [path, qs] = (location.hash.replace(/^#\/?/, '') || '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: Object.fromEntries(new URLSearchParams(qs || '')) };
}
export const go = (to) => { location.hash = to; };

// What each role may open (docs/API.md, "Roles").
const pagesFor = (role) => ({
  admin: ['inbox', 'cases', 'reports', 'devices', 'content', 'users', 'audit'],
  supervisor: ['inbox', 'cases', 'reports', 'devices', 'content', 'users'],
  officer: ['inbox', 'cases', 'reports'],
  viewer: ['reports'],
}[role] || []);

function Shell({ session, page, onLang, onLogout, children }) {
  const [open, setOpen] = useState(false);
  return html`<div class="shell">
    <header class="top">
      <a class="brand" href="#/inbox"><img src="/static/icon.svg" alt="" width="28" height="28" />
        <span>${t('app')}</span></a>
      <button type="button" class="menu-toggle" aria-expanded=${open} onClick=${() => setOpen(!open)}>☰</button>
      <nav class=${open ? 'nav open' : 'nav'} onClick=${() => setOpen(false)}>
        ${pagesFor(session.role).map((p) => html`<a key=${p} href=${`#/${p}`} class=${page === p ? 'active' : ''}>${t(`nav.${p}`)}</a>`)}
      </nav>
      <div class="who">
        <span class="user" title=${session.user}>${session.displayName} · ${t(`role.${session.role}`)}</span>
        <button type="button" class="lang" onClick=${onLang}>${t('lang.switch')}</button>
        <button type="button" class="logout" onClick=${onLogout}>${t('nav.logout')}</button>
      </div>
    </header>
    <main class="content">${children}</main>
  </div>`;
}

function App() {
  const [session, setSession] = useState(undefined);  // undefined: asking; null: signed out
  const [route, setRoute] = useState(parseHash());
  const [, setLangShown] = useState(currentLang());
  const [notice, setNotice] = useState('');

  useEffect(() => {
    const onHash = () => setRoute(parseHash());
    addEventListener('hashchange', onHash);
    whenSignedOut(() => { setCsrf(''); setSession(null); });
    api('GET', '/api/v1/session').then((s) => { setCsrf(s.csrf); setSession(s); }, () => setSession(null));
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const switchLang = () => { setLang(currentLang() === 'th' ? 'en' : 'th'); setLangShown(currentLang()); };
  if (session === undefined) return html`<${Loading} />`;
  if (session === null)
    return html`<${Login} notice=${notice} onLang=${switchLang} onSignedIn=${(s) => {
      setCsrf(s.csrf); setNotice(''); setSession(s);
      if (!route.path.length || route.path[0] === 'login') go(`/${pagesFor(s.role)[0] || 'inbox'}`);
    }} />`;

  const logout = async () => {
    try { await api('DELETE', '/api/v1/session'); } catch { /* ended already */ }
    setCsrf(''); setNotice(t('login.bye')); setSession(null); go('/login');
  };
  const allowed = pagesFor(session.role);
  let page = route.path[0] || allowed[0] || '';
  if (page === 'login') page = allowed[0] || '';
  const caseTicket = page === 'case' ? route.path[1] : null;
  const props = { session, query: route.query, go };
  let body;
  if (caseTicket && allowed.includes('cases')) body = html`<${CasePage} ...${props} ticket=${caseTicket} />`;
  else if (!allowed.includes(page)) body = html`<p class="notice">${allowed.length ? t('err.forbidden') : t('viewer.only')}</p>`;
  else body = html`${{ inbox: html`<${Inbox} ...${props} />`, cases: html`<${Cases} ...${props} />`,
    devices: html`<${Devices} ...${props} />`, users: html`<${Users} ...${props} />`,
    audit: html`<${Audit} ...${props} />`, content: html`<${Content} ...${props} />`,
    reports: html`<${Reports} ...${props} tab=${route.path[1]} />` }[page]}`;
  return html`<${Shell} session=${session} page=${caseTicket ? 'cases' : page} onLang=${switchLang} onLogout=${logout}>
    ${body}</${Shell}>`;
}

render(html`<${App} />`, document.getElementById('app'));
