// The single-page app: sign-in (at the Identity service, authorization code + PKCE), a menu per member
// kind, client routes (history API; the gateway serves index.html for them), and the language switch.
import { t, setLanguage, language } from './i18n.js';
import { session, startSignIn, completeSignIn, signOut } from './api.js';
import { h, clear, link, errorBanner } from './ui.js';
import * as university from './pages/university.js';
import * as market from './pages/market.js';
import * as auctions from './pages/auctions.js';
import * as agreements from './pages/agreements.js';
import * as exchange from './pages/exchange.js';
import * as members from './pages/members.js';
import * as desk from './pages/desk.js';
import * as loans from './pages/loans.js';

const menus = {
  university: [['/desk', 'nav.desk'], ['/patents', 'nav.patents'], ['/listings/mine', 'nav.myListings'], ['/listings/new', 'nav.newListing'], ['/offers', 'nav.offers'],
    ['/agreements', 'nav.agreements'], ['/payments', 'nav.payments']],
  enterprise: [['/desk', 'nav.desk'], ['/market', 'nav.market'], ['/demands', 'nav.demands'], ['/auctions', 'nav.auctions'], ['/offers', 'nav.offers'],
    ['/agreements', 'nav.agreements'], ['/loans', 'nav.myLoans']],
  exchange: [['/desk', 'nav.desk'], ['/review', 'nav.review'], ['/members', 'nav.members'], ['/auctions', 'nav.auctions'], ['/cockpit', 'nav.cockpit'], ['/alerts', 'nav.alerts'],
    ['/agreements', 'nav.allAgreements'], ['/loans', 'nav.pledgeRegistry'], ['/audit', 'nav.audit'], ['/market', 'nav.market']],
  // 质押融资: the bank's and the guarantee institution's desks.
  bank: [['/loans', 'nav.loans'], ['/market', 'nav.market']],
  guarantor: [['/loans', 'nav.loans'], ['/market', 'nav.market']],
  // Service agencies: the market, until their own pages exist.
  other: [['/market', 'nav.market'], ['/agreements', 'nav.agreements']],
};

const home = { university: '/desk', enterprise: '/desk', exchange: '/desk', bank: '/loans', guarantor: '/loans' };

// Pages anyone may open without signing in.
const open = new Set(['/login', '/signin-callback', '/apply']);

/** The menu of the signed-in user: their member kind's, and the users page for an organisation's administrator. */
function menu(user) {
  const items = [...(menus[user.role] ?? menus.other)];
  if ((user.organisationRoles ?? []).includes('administrator')) items.push(['/users', 'nav.users']);
  return items;
}

// path pattern → page; :name captures one segment.
const routes = [
  ['/login', loginPage],
  ['/signin-callback', signInCallback],
  ['/apply', members.apply],
  ['/desk', desk.desk],
  ['/members', members.review],
  ['/users', members.users],
  ['/patents', university.patents],
  ['/listings/mine', university.myListings],
  ['/listings/new', university.listingForm],
  ['/listings/:id/edit', university.listingForm],
  ['/listings/:id', market.listingDetail],
  ['/payments', university.payments],
  ['/market', market.search],
  ['/demands', market.demands],
  ['/demands/:id', market.demandDetail],
  ['/offers', market.offers],
  ['/offers/:id', market.negotiation],
  ['/competitions/:id', market.competition],
  ['/auctions', auctions.index],
  ['/auctions/:id', auctions.room],
  ['/agreements', agreements.list],
  ['/agreements/:id', agreements.detail],
  ['/loans', loans.list],
  ['/loans/new', loans.apply],
  ['/loans/:id', loans.detail],
  ['/review', exchange.review],
  ['/cockpit', exchange.cockpit],
  ['/alerts', exchange.alerts],
  ['/audit', exchange.audit],
  ['/audit/:id', exchange.audit],
];

let cleanup = null;
let lastPath = null;

function match(path) {
  for (const [pattern, page] of routes) {
    const names = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; })}/?$`);
    const m = path.match(regex);
    if (m) return { page, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  render();
}

function header() {
  const s = session();
  const nav = document.querySelector('#nav');
  clear(nav, s ? menu(s.user).map(([href, key]) => link(href, t(key))) : []);
  nav.querySelectorAll('a').forEach((a) => a.classList.toggle('active', location.pathname === a.getAttribute('href')
    || (a.getAttribute('href') !== '/' && location.pathname.startsWith(`${a.getAttribute('href')}/`) && !a.getAttribute('href').startsWith('/listings'))));
  document.querySelector('.brand').textContent = t('app.title');
  document.querySelector('.skip-link').textContent = t('nav.skip');
  document.querySelector('.lang').textContent = t('lang.switch');
  document.querySelector('.menu-toggle').setAttribute('aria-label', t('nav.menu'));
  clear(document.querySelector('.who'), s ? [
    h('span', { class: 'who-name', 'data-test': 'who' }, `${s.user.organisationName ?? s.user.name} · ${t(`role.${s.user.role}`)}`),
    h('span', { class: 'who-person' }, s.user.name),
    h('button', { type: 'button', class: 'link-button', 'data-test': 'logout', onclick: () => signOut() }, t('nav.logout')),
  ] : []);
  document.title = `${t('app.title')} · ${t('app.org')}`;
}

export async function render() {
  if (cleanup) { try { cleanup(); } catch { /* page gone */ } cleanup = null; }
  const s = session();
  let path = location.pathname;
  if (!s && !open.has(path)) { history.replaceState(null, '', `/login?next=${encodeURIComponent(path + location.search)}`); path = '/login'; }
  if (s && (path === '/' || path === '/login')) { path = home[s.user.role] ?? '/market'; history.replaceState(null, '', path); }
  header();
  document.body.classList.remove('menu-open');
  const main = document.querySelector('#main');
  const found = match(path);
  if (!found) { clear(main, h('h1', {}, t('error.notFound')), link('/', t('app.title'))); return; }
  clear(main, h('p', { class: 'loading' }, t('common.loading')));
  const query = Object.fromEntries(new URLSearchParams(location.search));
  try {
    const result = await found.page(main, { ...found.params, query, session: s, navigate, rerender: render });
    if (typeof result === 'function') cleanup = result;
    // After a move to another page, a screen reader starts at its title (a re-render of the same page keeps the focus where it was;
    // a fresh load leaves it at the document's start, where the first Tab reaches the skip link).
    if (lastPath !== null && path !== lastPath) {
      const title = main.querySelector('h1');
      if (title) { title.tabIndex = -1; title.focus({ preventScroll: true }); }
    }
    lastPath = path;
  } catch (error) {
    clear(main, errorBanner(error));
  }
}

// Signing in happens at the Identity service's login page (which lists the demo users in Development
// and links to the membership application): this page sends the browser there at once. It stays as
// a page of its own for when that fails (a browser without sessionStorage, the service down).
async function loginPage(main, { query }) {
  const next = query.next && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : '/';
  const problem = h('div');
  const go = async () => { try { await startSignIn(next); } catch (error) { clear(problem, errorBanner(error)); } };
  clear(main, h('div', { class: 'login' },
    h('h1', {}, t('login.title')), problem,
    h('p', {}, t('login.intro')),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', 'data-test': 'sign-in', onclick: go }, t('login.submit'))),
    h('p', {}, link('/apply', t('login.apply')))));
  await go();
}

async function signInCallback(main, { query, navigate }) {
  try {
    navigate(await completeSignIn(query), true);
  } catch (error) {
    clear(main, h('div', { class: 'login' }, errorBanner(error), h('p', {}, link('/login', t('login.submit')))));
  }
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-link]');
  if (a && !e.ctrlKey && !e.metaKey && !e.shiftKey && a.origin === location.origin) {
    e.preventDefault();
    navigate(a.pathname + a.search);
  }
});
window.addEventListener('popstate', render);
document.querySelector('.lang').addEventListener('click', () => { setLanguage(language() === 'en' ? 'zh' : 'en'); render(); });
document.querySelector('.menu-toggle').addEventListener('click', (e) => {
  const open = document.body.classList.toggle('menu-open');
  e.currentTarget.setAttribute('aria-expanded', String(open));
});
render();
