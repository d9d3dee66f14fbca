// 工作台: each role's to-dos with their counts, read from the services' own lists, each linking to
// where the work is done. A count that cannot be read says so instead of showing zero.
import { t } from '../i18n.js';
import { get, session } from '../api.js';
import { h, clear, link, section } from '../ui.js';

const all = async (path) => { const r = await get(path); return Array.isArray(r) ? r : r.items ?? []; };

// Each to-do: a key (its words), where it is done, and how to count it for this user.
function todos(me) {
  const mine = (id) => id === me.organisationId;
  const awaitingMe = async () => (await all('/api/agreements?status=AwaitingSignatures&pageSize=100')).filter((a) => !a.signedBy.includes(me.organisationId)).length;
  // A negotiation waits for me when the other side made the last offer.
  const myTurn = async () => (await all('/api/offers/negotiations?status=Open&pageSize=100'))
    .filter((n) => (mine(n.buyerOrganisationId) ? n.offeredBy === 'Seller' : n.offeredBy === 'Buyer')).length;
  if (me.role === 'exchange') {
    return [
      ['desk.review', '/review', async () => (await get('/api/listings/review-queue?pageSize=1')).total],
      ['desk.members', '/members', async () => (await get('/api/organisations?status=Applied&pageSize=1')).total],
      ['desk.record', '/agreements?status=SignedByBoth', async () => (await get('/api/agreements?status=SignedByBoth&pageSize=1')).total],
      ['desk.alerts', '/alerts?status=Raised', async () => { const a = await get('/api/alerts?status=Raised'); return (a.items ?? a).length; }],
      ['desk.running', '/auctions?status=Running', async () => (await get('/api/auctions?status=Running&pageSize=1')).total],
    ];
  }
  if (me.role === 'university') {
    return [
      ['desk.sign', '/agreements?status=AwaitingSignatures', awaitingMe],
      ['desk.counter', '/offers', myTurn],
      ['desk.inReview', '/listings/mine', async () => (await get('/api/listings?owner=mine&status=Submitted&pageSize=1')).total],
      ['desk.toReceive', '/payments', async () => (await all('/api/agreements?status=Effective&pageSize=100')).filter((a) => mine(a.sellerOrganisationId) && a.dealKind !== 'EquityContribution').length],
    ];
  }
  return [
    ['desk.sign', '/agreements?status=AwaitingSignatures', awaitingMe],
    ['desk.pay', '/agreements?status=Effective', async () => (await all('/api/agreements?status=Effective&pageSize=100')).filter((a) => mine(a.buyerOrganisationId) && a.dealKind !== 'EquityContribution').length],
    ['desk.counter', '/offers', myTurn],
    ['desk.matches', '/demands', async () => {
      const demands = (await all('/api/demands?status=Open&pageSize=10'));
      const pages = await Promise.all(demands.map((d) => get(`/api/demands/${encodeURIComponent(d.id)}/matches?limit=20`).catch(() => ({ items: [] }))));
      return pages.reduce((sum, p) => sum + p.items.filter((m) => m.strong).length, 0);
    }],
    ['desk.running', '/auctions?status=Running', async () => (await get('/api/auctions?status=Running&pageSize=1')).total],
  ];
}

export async function desk(main) {
  const me = session().user;
  const list = todos(me);
  const tiles = h('ul', { class: 'desk' });
  clear(main, h('h1', {}, t('desk.title'), ' ', h('span', { class: 'help' }, t(`role.${me.role}`))), section(t('desk.todo'), tiles));
  const counted = await Promise.all(list.map(async ([key, href, count]) => {
    try { return [key, href, await count()]; } catch { return [key, href, null]; }
  }));
  clear(tiles, counted.map(([key, href, n]) => h('li', { class: `desk-tile${n ? ' due' : ''}`, 'data-test': `todo-${key.split('.')[1]}` },
    link(href, h('span', { class: 'label' }, t(key)), h('strong', { class: 'count', 'data-test': 'count' }, n === null ? t('desk.unknown') : String(n))))));
}
