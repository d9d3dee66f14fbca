// Agreements: the parties read, sign (the content hash of the text), pay and record the steps of
// their deal kind (专利权转移登记, 许可合同备案, the equity steps); the exchange records them (登记).
// A licence's terms and royalty statement, a contribution's equity, the PDF to keep, the evidence record.
import { t, v } from '../i18n.js';
import { get, post, query, session, api } from '../api.js';
import { factSentence, organisationNames, organisationName } from '../events.js';
import {
  h, clear, confirmAction, form, field, input, select, submit, values, num, opt, table, pager, link, section, banner, yuan, day, when, today, badge, dl, errorBanner,
} from '../ui.js';

const STATUSES = ['AwaitingSignatures', 'SignedByBoth', 'Effective', 'Completed', 'Cancelled'];

export async function list(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const result = await get(`/api/agreements${query({ status: q.status, page, pageSize: 10 })}`);
  const me = session().user;
  const filter = select(STATUSES, { value: q.status ?? '', 'aria-label': t('common.status') }, (x) => v('AgreementStatus', x), t('common.all'));
  filter.addEventListener('change', () => navigate(`/agreements${query({ status: filter.value })}`));
  await organisationNames(result.items.flatMap((a) => [a.sellerName === a.sellerOrganisationId ? a.sellerOrganisationId : null, a.buyerName === a.buyerOrganisationId ? a.buyerOrganisationId : null]), me);
  const named = (name, id) => (name && name !== id ? name : organisationName(id));
  clear(main, h('h1', {}, me.role === 'exchange' ? t('nav.allAgreements') : t('agreements.title')),
    h('div', { class: 'toolbar' }, filter),
    table([
      { label: t('common.title'), cell: (a) => link(`/agreements/${a.id}`, a.listingTitle) },
      { label: t('common.status'), cell: (a) => [badge('AgreementStatus', a.status),
        a.status === 'AwaitingSignatures' && me.role !== 'exchange' && !a.signedBy.includes(me.organisationId) ? h('span', { class: 'badge badge-todo' }, t('agreements.awaitingMe')) : null] },
      { label: t('agreements.seller'), cell: (a) => named(a.sellerName, a.sellerOrganisationId) },
      { label: t('agreements.buyer'), cell: (a) => named(a.buyerName, a.buyerOrganisationId) },
      { label: t('listings.dealKind'), cell: (a) => v('DealKind', a.dealKind) },
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

  async function act(call, stay = false) {
    try { await call(); if (!stay) reload(); } catch (error) { clear(notice, errorBanner(error)); window.scrollTo(0, 0); }
  }

  const textBox = h('pre', { class: 'agreement-text', 'data-test': 'agreement-text' }, t('common.loading'));
  get(`/api/agreements/${encodeURIComponent(id)}/text`).then((text) => { textBox.textContent = text; }).catch((e) => clear(textBox, errorBanner(e)));

  // 作价入股: the investee states its capital by amendment before anyone signs; the contributor accepts.
  const equityMissing = a.dealKind === 'EquityContribution' && !a.equity;
  if (equityMissing && me.organisationId === a.buyer.organisationId && a.status === 'AwaitingSignatures' && !a.pendingAmendment) {
    const equityForm = form(async (el) => {
      const x = values(el);
      if (await submit(el, () => post(`/api/agreements/${encodeURIComponent(id)}/amendments`, {
        equity: { investeeName: opt(x['equity.investeeName']), registeredCapitalBefore: num(x['equity.registeredCapitalBefore']),
          registeredCapitalAfter: num(x['equity.registeredCapitalAfter']) },
        reason: t('equity.reason'),
      }))) reload();
    }, h('div', { class: 'grid' },
      field(t('equity.investeeName'), 'equity.investeeName', input({ value: a.buyer.name })),
      field(t('equity.capitalBefore'), 'equity.registeredCapitalBefore', input({ type: 'number', step: '0.01', min: 0 })),
      field(t('equity.capitalAfter'), 'equity.registeredCapitalAfter', input({ type: 'number', step: '0.01', min: 0 }))),
    h('button', { type: 'submit', class: 'primary', 'data-test': 'propose-equity' }, t('equity.propose')));
    actions.push(section(t('equity.title'), h('p', { class: 'help' }, t('equity.missing')), equityForm));
  }
  const pending = a.amendments.find((m) => m.number === a.pendingAmendment);
  if (party && pending && pending.proposedBy !== me.organisationId) {
    actions.push(section(t('agreements.pendingAmendment'),
      h('p', {}, pending.reason),
      pending.equity ? dl([[t('equity.capitalBefore'), yuan(pending.equity.registeredCapitalBefore)], [t('equity.capitalAfter'), yuan(pending.equity.registeredCapitalAfter)],
        [t('equity.percentage'), `${pending.equity.percentage}%`]]) : null,
      h('button', { type: 'button', class: 'primary', 'data-test': 'accept-amendment',
        onclick: () => act(() => post(`/api/agreements/${encodeURIComponent(id)}/amendments/${pending.number}/accept`, {})) }, t('agreements.acceptAmendment'))));
  }
  if (party && a.status === 'AwaitingSignatures' && !signed) {
    // A contribution's text without the investee's capital is not signed: the contributor waits for the proposal.
    if (!equityMissing) {
      // Signing binds the organisation: the signer ticks 我已阅读并同意 under the text, then confirms with the text before it once more.
      const agree = h('input', { type: 'checkbox', id: 'agree-text', 'data-test': 'agree' });
      const signButton = h('button', { type: 'button', class: 'primary', 'data-test': 'sign', disabled: true, onclick: async () => {
        if (!await confirmAction(t('agreements.confirmSign'), t('agreements.confirmSignText', { title: a.listingTitle }),
          h('pre', { class: 'agreement-text confirm-text', tabindex: '0' }, textBox.textContent),
          h('p', {}, t('agreements.hash'), ': ', h('code', {}, a.contentHash)))) return;
        act(() => post(`/api/agreements/${encodeURIComponent(id)}/signatures`, { contentHash: a.contentHash }));
      } }, t('agreements.sign'));
      agree.addEventListener('change', () => { signButton.disabled = !agree.checked; });
      actions.push(h('div', { class: 'sign-box' },
        h('p', {}, t('agreements.hash'), ': ', h('code', {}, a.contentHash)),
        h('p', { class: 'agree' }, agree, ' ', h('label', { for: 'agree-text' }, t('agreements.agree'))),
        signButton));
    } else if (me.organisationId === a.seller.organisationId && !pending) {
      actions.push(banner('ok', t('equity.missing')));
    }
  }
  if (me.role === 'exchange' && a.status === 'SignedByBoth') {
    actions.push(h('button', { type: 'button', class: 'primary', 'data-test': 'record', onclick: () => act(() => post(`/api/agreements/${encodeURIComponent(id)}/record`, {})) }, t('agreements.record')));
  }
  if (me.organisationId === a.buyer.organisationId && a.status === 'Effective' && a.outstanding > 0 && a.milestones.length) {
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
  // The next step of the deal kind still to record (the equity steps in their order).
  const nextStep = a.steps.find((s) => !s.documentNumber);
  if (party && a.status === 'Effective' && nextStep) {
    const stepForm = form(async (el) => {
      const x = values(el);
      if (await submit(el, () => post(`/api/agreements/${encodeURIComponent(id)}/steps/${nextStep.step}`,
        { documentNumber: opt(x.documentNumber), documentDate: opt(x.documentDate) }))) reload();
    }, h('div', { class: 'grid' },
      field(t('agreements.documentNumber'), 'documentNumber', input()),
      field(t('agreements.documentDate'), 'documentDate', input({ type: 'date', value: today() }))),
    h('button', { type: 'submit', 'data-test': 'record-step' }, t('agreements.recordStep')));
    actions.push(section(v('AgreementStep', nextStep.step), nextStep.dueOn ? h('p', { class: 'help' }, t('agreements.stepDue'), ': ', day(nextStep.dueOn)) : null, stepForm));
  }

  // The PDF to keep, once both parties signed the current text; the English reference as a separate document.
  const documents = h('p', { class: 'toolbar' },
    a.signatures.length === 2 && a.status !== 'AwaitingSignatures'
      ? h('button', { type: 'button', 'data-test': 'pdf', onclick: () => act(() => download(`/api/agreements/${encodeURIComponent(id)}/pdf`, `${id}.pdf`), true) }, t('agreements.pdf'))
      : null,
    h('button', { type: 'button', onclick: () => act(() => download(`/api/agreements/${encodeURIComponent(id)}/document?lang=en`, `${id}-en.html`), true) }, t('agreements.english')));

  const royaltyBox = h('div');
  if (a.licence && (a.licence.royaltyRate || a.licence.minimumAnnualRoyalty)) loadRoyalties();
  async function loadRoyalties() {
    try {
      const r = await get(`/api/agreements/${encodeURIComponent(id)}/royalties`);
      const parts = [table([
        { label: t('royalties.period'), cell: (p) => p.period },
        { label: t('royalties.range'), cell: (p) => `${day(p.start)} – ${day(p.end)}` },
        { label: t('royalties.due'), cell: (p) => day(p.dueOn) },
        { label: t('royalties.sales'), cell: (p) => yuan(p.sales), class: 'num' },
        { label: t('royalties.royalty'), cell: (p) => yuan(p.royalty), class: 'num' },
        { label: t('royalties.paid'), cell: (p) => yuan(p.paid), class: 'num' },
        { label: t('royalties.outstanding'), cell: (p) => yuan(p.outstanding), class: 'num' },
        { label: t('common.status'), cell: (p) => badge('RoyaltyStatus', p.status) },
      ], r.periods),
      h('p', {}, t('royalties.total'), ': ', t('royalties.royalty'), ' ', yuan(r.reported), '，', t('royalties.paid'), ' ', yuan(r.paid), '，',
        t('royalties.outstanding'), ' ', yuan(r.outstanding))];
      const licensee = me.organisationId === a.buyer.organisationId && (a.status === 'Effective' || a.status === 'Completed');
      const toReport = r.periods.filter((p) => p.sales === null && (p.status === 'AwaitingReport' || p.status === 'Overdue'));
      const toPay = r.periods.filter((p) => p.outstanding > 0);
      if (licensee && toReport.length) {
        parts.push(form(async (el) => {
          const x = values(el);
          if (await submit(el, () => post(`/api/agreements/${encodeURIComponent(id)}/royalties/reports`, { period: num(x.period), sales: num(x.sales) }))) reload();
        }, h('div', { class: 'grid' },
          field(t('royalties.period'), 'period', select(toReport.map((p) => String(p.period)), {})),
          field(t('royalties.sales'), 'sales', input({ type: 'number', step: '0.01', min: 0 }))),
        h('button', { type: 'submit', 'data-test': 'report-sales' }, t('royalties.report'))));
      }
      if (licensee && toPay.length) {
        parts.push(form(async (el) => {
          const x = values(el);
          if (await submit(el, () => post(`/api/agreements/${encodeURIComponent(id)}/royalties/payments`,
            { period: num(x.period), amount: num(x.amount), reference: opt(x.reference) }))) reload();
        }, h('div', { class: 'grid' },
          field(t('royalties.period'), 'period', select(toPay.map((p) => String(p.period)), {})),
          field(t('agreements.payAmount'), 'amount', input({ type: 'number', step: '0.01', value: toPay[0].outstanding })),
          field(t('agreements.payRef'), 'reference', input())),
        h('button', { type: 'submit', 'data-test': 'pay-royalty' }, t('royalties.pay'))));
      }
      clear(royaltyBox, ...parts);
    } catch (error) { clear(royaltyBox, errorBanner(error)); }
  }

  // A party the Contract service knows by its id only (a buyer that never listed anything) is named from the session or the member directory.
  await organisationNames([a.seller, a.buyer].filter((p) => p.name === p.organisationId).map((p) => p.organisationId), me);
  const partyName = (p) => (p.name === p.organisationId ? organisationName(p.organisationId) : p.name);
  const evidenceBox = h('div');
  get(`/api/agreements/${encodeURIComponent(id)}/evidence`).then(async (ev) => {
    await organisationNames(ev.events.map((e) => e.organisationId), me);
    return ev;
  }).then((ev) => clear(evidenceBox,
    ev.verification.isIntact ? banner('ok', t('listings.chainOk')) : banner('error', t('listings.chainBroken')),
    table([
      { label: '#', cell: (e) => e.version },
      { label: t('audit.event'), cell: (e) => factSentence(e.event, e.data) },
      { label: t('audit.by'), cell: (e) => (e.organisationId ? (e.organisationId === a.seller.organisationId ? partyName(a.seller) : e.organisationId === a.buyer.organisationId ? partyName(a.buyer) : organisationName(e.organisationId)) : '') },
      { label: t('audit.at'), cell: (e) => when(e.at) },
      { label: t('agreements.hash'), cell: (e) => h('code', {}, e.hash.slice(0, 12)) },
    ], ev.events))).catch((e) => clear(evidenceBox, errorBanner(e)));

  // What comes next for this reader, after each step.
  const buyer = me.organisationId === a.buyer.organisationId;
  const next = a.status === 'AwaitingSignatures' ? (party ? (signed ? 'agreements.next.otherSigns' : null) : 'agreements.next.partiesSign')
    : a.status === 'SignedByBoth' ? (me.role === 'exchange' ? 'agreements.next.record' : 'agreements.next.awaitRecord')
      : a.status === 'Effective' ? (buyer && a.outstanding > 0 && a.dealKind !== 'EquityContribution' ? 'agreements.next.pay' : 'agreements.next.steps')
        : null;
  clear(main,
    h('h1', {}, a.listingTitle, ' ', h('span', { 'data-test': 'agreement-status' }, badge('AgreementStatus', a.status))), notice,
    next ? banner('info', h('span', { 'data-test': 'next-step' }, t(next))) : null,
    section(t('common.details'), dl([
      [t('agreements.number'), a.id], [t('deal.id'), me.role === 'exchange' ? link(`/audit/${a.dealId}`, a.dealId) : a.dealId],
      [v('SellerRole', a.dealKind), partyName(a.seller)], [v('BuyerRole', a.dealKind), a.equity?.investeeName ?? partyName(a.buyer)],
      [t('listings.dealKind'), v('DealKind', a.dealKind)],
      [a.dealKind === 'EquityContribution' ? t('equity.valuation') : a.licence ? t('licence.entryFee') : t('common.price'), yuan(a.price)],
      [t('agreements.deadline'), when(a.signingDeadline)], [t('agreements.hash'), h('code', {}, a.contentHash)],
      a.recordNumber ? [t('agreements.recordNumber'), h('strong', { 'data-test': 'record-number' }, a.recordNumber)] : null,
      a.dealKind === 'EquityContribution' ? null : [t('agreements.outstanding'), yuan(a.outstanding)],
    ]), documents, actions),
    a.licence ? section(t('licence.title'), dl([
      [t('licence.termMonths'), a.licence.termMonths], [t('licence.territory'), a.licence.territory], [t('licence.fieldOfUse'), a.licence.fieldOfUse],
      [t('licence.sublicensing'), a.licence.sublicensingAllowed ? t('common.yes') : t('common.no')],
      a.licence.royaltyRate ? [t('licence.royaltyRate'), `${+(a.licence.royaltyRate * 100).toFixed(4)}%`] : null,
      a.licence.minimumAnnualRoyalty ? [t('licence.minimumAnnualRoyalty'), yuan(a.licence.minimumAnnualRoyalty)] : null,
      a.licence.startsOn ? [t('licence.period'), h('span', { 'data-test': 'licence-period' }, `${day(a.licence.startsOn)} – ${day(a.licence.endsOn)}`,
        ' ', h('span', { class: 'badge' }, a.licence.inForce ? t('licence.inForce') : t('licence.ended')))] : null,
    ])) : null,
    a.dealKind === 'EquityContribution' ? section(t('equity.title'), dl([
      a.appraisal ? [t('equity.appraisal'), `${a.appraisal.appraiser} ${a.appraisal.reportNumber}（${day(a.appraisal.date)}）${yuan(a.appraisal.value)}`] : null,
      [t('equity.valuation'), yuan(a.price)],
      a.equity ? [t('equity.capitalBefore'), yuan(a.equity.registeredCapitalBefore)] : null,
      a.equity ? [t('equity.capitalAfter'), yuan(a.equity.registeredCapitalAfter)] : null,
      a.equity ? [t('equity.subscribed'), `${yuan(a.equity.subscribedCapital)}（${a.equity.percentage}%）`] : null,
      a.equity ? [t('equity.reserve'), yuan(a.equity.capitalReserve)] : null,
    ]), h('p', { class: 'help' }, t('equity.noCash'))) : null,
    section(t('agreements.steps'), table([
      { label: t('agreements.step'), cell: (s) => v('AgreementStep', s.step) },
      { label: t('agreements.stepDue'), cell: (s) => [day(s.dueOn), s.overdue ? h('span', { class: 'badge badge-overdue' }, t('agreements.overdue')) : null] },
      { label: t('agreements.documentNumber'), cell: (s) => s.documentNumber ?? '—' },
      { label: t('agreements.documentDate'), cell: (s) => day(s.documentDate) },
    ], a.steps)),
    a.licence && (a.licence.royaltyRate || a.licence.minimumAnnualRoyalty) ? section(t('royalties.title'), royaltyBox) : null,
    section(t('agreements.signatures'), table([
      { label: t('listings.owner'), cell: (s) => s.organisationName },
      { label: t('login.username'), cell: (s) => s.userName },
      { label: t('agreements.hash'), cell: (s) => h('code', {}, s.contentHash.slice(0, 16)) },
      { label: t('audit.at'), cell: (s) => when(s.signedAt) },
    ], a.signatures)),
    a.milestones.length === 0 ? null : section(t('agreements.milestones'), table([
      { label: t('agreements.milestone'), cell: (m) => m.name },
      { label: t('payments.expected'), cell: (m) => yuan(m.amount), class: 'num' },
      { label: t('agreements.paid'), cell: (m) => yuan(m.paid), class: 'num' },
      { label: t('agreements.due'), cell: (m) => day(m.dueOn) },
    ], a.milestones)),
    section(t('agreements.text'), textBox),
    section(t('agreements.evidence'), evidenceBox));
}

/** Fetches a document with the signed-in user's token and saves it (a plain link would carry no token). */
async function download(path, filename) {
  const response = await api(path, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const anchor = h('a', { href: url, download: filename });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export { api };
