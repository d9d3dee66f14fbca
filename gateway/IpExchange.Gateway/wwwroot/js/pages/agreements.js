// Agreements: the parties read, sign (the content hash of the text), pay and record the patent
// office's registration; the exchange records them (登记). The evidence record with its hash chain.
import { t, v } from '../i18n.js';
import { get, post, query, session, api } from '../api.js';
import {
  h, clear, form, field, input, select, submit, values, num, opt, table, pager, link, section, banner, yuan, day, when, today, badge, dl, errorBanner,
} from '../ui.js';

const STATUSES = ['AwaitingSignatures', 'SignedByBoth', 'Effective', 'Completed', 'Cancelled'];

export async function list(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const result = await get(`/api/agreements${query({ status: q.status, page, pageSize: 10 })}`);
  const me = session().user;
  const filter = select(STATUSES, { value: q.status ?? '', 'aria-label': t('common.status') }, (x) => v('AgreementStatus', x), t('common.all'));
  filter.addEventListener('change', () => navigate(`/agreements${query({ status: filter.value })}`));
  clear(main, h('h1', {}, me.role === 'exchange' ? t('nav.allAgreements') : t('agreements.title')),
    h('div', { class: 'toolbar' }, filter),
    table([
      { label: t('common.title'), cell: (a) => link(`/agreements/${a.id}`, a.listingTitle) },
      { label: t('common.status'), cell: (a) => [badge('AgreementStatus', a.status),
        a.status === 'AwaitingSignatures' && me.role !== 'exchange' && !a.signedBy.includes(me.organisationId) ? h('span', { class: 'badge badge-todo' }, t('agreements.awaitingMe')) : null] },
      { label: t('agreements.seller'), cell: (a) => a.sellerName },
      { label: t('agreements.buyer'), cell: (a) => a.buyerName },
      { label: t('common.price'), cell: (a) => yuan(a.price), class: 'num' },
      { label: t('agreements.deadline'), cell: (a) => when(a.signingDeadline) },
    ], result.items),
    pager(result, (p) => navigate(`/agreements${query({ status: q.status, page: p })}`)));
}

export async function detail(main, { id, navigate }) {
  const me = session().user;
  const { body: a, etag } = await get(`/api/agreements/${encodeURIComponent(id)}`, { withEtag: true });
  const party = me.organisationId === a.seller.organisationId || me.organisationId === a.buyer.organisationId;
  const signed = a.signatures.some((s) => s.organisationId === me.organisationId);
  const notice = h('div');
  const reload = () => navigate(`/agreements/${encodeURIComponent(id)}`, true);
  const actions = [];

  async function act(call) {
    try { await call(); reload(); } catch (error) { clear(notice, errorBanner(error)); window.scrollTo(0, 0); }
  }

  const textBox = h('pre', { class: 'agreement-text', 'data-test': 'agreement-text' }, t('common.loading'));
  get(`/api/agreements/${encodeURIComponent(id)}/text`).then((text) => { textBox.textContent = text; }).catch((e) => clear(textBox, errorBanner(e)));

  if (party && a.status === 'AwaitingSignatures' && !signed) {
    actions.push(h('div', { class: 'sign-box' },
      h('p', {}, t('agreements.hash'), ': ', h('code', {}, a.contentHash)),
      h('button', { type: 'button', class: 'primary', 'data-test': 'sign', onclick: () => act(() => post(`/api/agreements/${encodeURIComponent(id)}/signatures`, { contentHash: a.contentHash })) }, t('agreements.sign'))));
  }
  if (me.role === 'exchange' && a.status === 'SignedByBoth') {
    actions.push(h('button', { type: 'button', class: 'primary', 'data-test': 'record', onclick: () => act(() => post(`/api/agreements/${encodeURIComponent(id)}/record`, {})) }, t('agreements.record')));
  }
  if (me.organisationId === a.buyer.organisationId && a.status === 'Effective' && a.outstanding > 0) {
    const open = a.milestones.filter((m) => m.outstanding > 0);
    const pay = form(async (el) => {
      const x = values(el);
      if (await submit(el, () => post(`/api/agreements/${encodeURIComponent(id)}/payments`, { milestone: x.milestone, amount: num(x.amount), reference: opt(x.reference) }))) reload();
    }, h('div', { class: 'grid' },
      field(t('agreements.milestone'), 'milestone', select(open.map((m) => m.id), {}, (mid) => { const m = open.find((o) => o.id === mid); return `${m.name} (${yuan(m.outstanding)})`; })),
      field(t('agreements.payAmount'), 'amount', input({ type: 'number', step: '0.01', value: open[0]?.outstanding ?? '' })),
      field(t('agreements.payRef'), 'reference', input())),
    h('button', { type: 'submit', class: 'primary' }, t('agreements.pay')));
    actions.push(section(t('agreements.pay'), pay));
  }
  if (party && a.status === 'Effective' && !a.registration) {
    const reg = form(async (el) => {
      const x = values(el);
      if (await submit(el, () => post(`/api/agreements/${encodeURIComponent(id)}/registration`, { noticeNumber: opt(x.noticeNumber), noticeDate: opt(x.noticeDate) }))) reload();
    }, h('div', { class: 'grid' },
      field(t('agreements.noticeNumber'), 'noticeNumber', input()),
      field(t('agreements.noticeDate'), 'noticeDate', input({ type: 'date', value: today() }))),
    h('button', { type: 'submit' }, t('agreements.registerTransfer')));
    actions.push(section(t('agreements.registration'), reg));
  }

  const evidenceBox = h('div');
  get(`/api/agreements/${encodeURIComponent(id)}/evidence`).then((ev) => clear(evidenceBox,
    ev.verification.isIntact ? banner('ok', t('listings.chainOk')) : banner('error', t('listings.chainBroken')),
    table([
      { label: '#', cell: (e) => e.version },
      { label: t('audit.event'), cell: (e) => e.event },
      { label: t('deal.buyer'), cell: (e) => e.organisationId ?? '' },
      { label: t('audit.at'), cell: (e) => when(e.at) },
      { label: 'hash', cell: (e) => h('code', {}, e.hash.slice(0, 12)) },
    ], ev.events))).catch((e) => clear(evidenceBox, errorBanner(e)));

  clear(main,
    h('h1', {}, a.listingTitle, ' ', h('span', { 'data-test': 'agreement-status' }, badge('AgreementStatus', a.status))), notice,
    section(t('common.details'), dl([
      ['ID', a.id], [t('deal.id'), me.role === 'exchange' ? link(`/audit/${a.dealId}`, a.dealId) : a.dealId],
      [t('agreements.seller'), a.seller.name], [t('agreements.buyer'), a.buyer.name],
      [t('listings.dealKind'), v('DealKind', a.dealKind)], [t('common.price'), yuan(a.price)],
      [t('agreements.deadline'), when(a.signingDeadline)], [t('agreements.hash'), h('code', {}, a.contentHash)],
      a.recordNumber ? [t('agreements.recordNumber'), h('strong', { 'data-test': 'record-number' }, a.recordNumber)] : null,
      a.registration ? [t('agreements.registration'), `${a.registration.noticeNumber} (${day(a.registration.noticeDate)})`] : null,
      [t('agreements.outstanding'), yuan(a.outstanding)],
    ]), actions),
    section(t('agreements.signatures'), table([
      { label: t('listings.owner'), cell: (s) => s.organisationName },
      { label: t('login.username'), cell: (s) => s.userName },
      { label: t('agreements.hash'), cell: (s) => h('code', {}, s.contentHash.slice(0, 16)) },
      { label: t('audit.at'), cell: (s) => when(s.signedAt) },
    ], a.signatures)),
    section(t('agreements.milestones'), table([
      { label: t('agreements.milestone'), cell: (m) => m.name },
      { label: t('payments.expected'), cell: (m) => yuan(m.amount), class: 'num' },
      { label: t('agreements.paid'), cell: (m) => yuan(m.paid), class: 'num' },
      { label: t('agreements.due'), cell: (m) => day(m.dueOn) },
    ], a.milestones)),
    section(t('agreements.text'), textBox),
    section(t('agreements.evidence'), evidenceBox));
}

export { api };
