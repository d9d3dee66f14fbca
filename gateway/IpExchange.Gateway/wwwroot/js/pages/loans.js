// 质押融资: the borrower applies against its patents, the guarantee institution and the bank decide,
// the exchange records the pledge's registration, the bank records repayments and, on a default,
// claims the 4:2:2:2 risk compensation and disposes of the pledge. Each party sees its own desk of loans.
import { t, v } from '../i18n.js';
import { get, post, session } from '../api.js';
import {
  h, clear, form, field, input, select, submit, values, num, opt, table, link, section, yuan, day, when, badge, dl, errorBanner, confirmAction,
} from '../ui.js';

// A rate as approved, to the digit (3.651 %, not rounded to 3.65 %: the schedule's interest is computed with it).
const pct = (fraction) => (fraction === null || fraction === undefined ? '—' : `${Number((Number(fraction) * 100).toFixed(6))}%`);
const fraction = (percent) => (percent === '' || percent === undefined ? null : Number(percent) / 100);

export async function list(main, { navigate }) {
  const me = session().user;
  const loans = await get('/api/loans');
  const title = { bank: t('loans.bankDesk'), guarantor: t('loans.guarantorDesk'), exchange: t('loans.registrarDesk') }[me.role] ?? t('loans.myLoans');
  // What waits for this party: the step of each loan that is theirs to take.
  // A running loan is the bank's only once an instalment is overdue (to collect, or to declare the default).
  const mine = (l) => (me.role === 'guarantor' && l.status === 'Applied')
    || (me.role === 'bank' && (['Guaranteed', 'Defaulted'].includes(l.status) || (l.status === 'Active' && l.instalmentOverdue)))
    || (me.role === 'exchange' && l.status === 'Approved');
  const open = (l, text) => link(`/loans/${encodeURIComponent(l.id)}`, text ?? '—');
  // The borrower's own list names the lenders; the others' lists name the borrower.
  const parties = me.role === 'enterprise'
    ? [{ label: t('loans.bank'), cell: (l) => open(l, l.bankName) }, { label: t('loans.guarantor'), cell: (l) => l.guarantorName ?? '—' }]
    : [{ label: t('loans.borrower'), cell: (l) => open(l, l.borrowerName) }, { label: me.role === 'bank' ? t('loans.guarantor') : t('loans.bank'), cell: (l) => (me.role === 'bank' ? l.guarantorName : l.bankName) ?? '—' }];
  clear(main, h('h1', {}, title),
    me.role === 'enterprise' ? h('div', { class: 'toolbar' }, link('/loans/new', t('loans.apply'))) : null,
    h('p', { class: 'help', 'data-test': 'loans-waiting' }, t('loans.waiting', { n: loans.filter(mine).length })),
    table([
      ...parties,
      { label: t('common.status'), cell: (l) => [badge('LoanStatus', l.status), mine(l) ? h('span', { class: 'badge badge-todo' }, t('loans.yourTurn')) : null] },
      { label: t('loans.amount'), cell: (l) => yuan(l.amount), class: 'num' },
      { label: t('loans.outstanding'), cell: (l) => yuan(l.outstanding), class: 'num' },
      { label: t('loans.appliedAt'), cell: (l) => when(l.appliedAt) },
    ], loans, t('loans.none')));
  void navigate;
}

export async function apply(main, { navigate }) {
  const [lenders, patents] = await Promise.all([get('/api/loans/lenders'), get('/api/loans/patents')]);
  const free = patents.filter((p) => !p.pledgee && p.inForce);
  const banks = lenders.filter((l) => l.role === 'bank');
  const guarantors = lenders.filter((l) => l.role === 'guarantor');
  const name = (list) => (id) => list.find((l) => l.organisationId === id)?.name ?? id;
  // 可比成交估价: the exchange's big-data valuation of each ticked patent (as an assignment, from the
  // completed deals of its class), summed, fills the valuation fields; any other valuation may be typed instead.
  const estimateLine = h('p', { class: 'help', role: 'status', 'aria-live': 'polite', 'data-test': 'estimate-result' });
  async function estimate() {
    const ids = [...el.querySelectorAll('input[name=patentIds]:checked')].map((i) => i.value);
    if (!ids.length) { estimateLine.textContent = t('loans.estimateNeed'); return; }
    estimateLine.textContent = t('loans.estimating');
    try {
      let sum = 0;
      let comparables = 0;
      for (const id of ids) {
        const p = await get(`/api/patents/${encodeURIComponent(id)}`);
        const years = Math.max(0, Math.min(20, (Date.parse(p.expiresOn) - Date.now()) / (365.25 * 86400000)));
        const { estimate: e } = await post('/api/valuations', { ipcCode: p.ipcCodes[0] ?? null, dealKind: 'Assignment', patentType: p.type,
          remainingTermYears: Math.round(years * 10) / 10, claimsCount: Math.max(1, p.claimsCount ?? 1) });
        if (e.mid === null || e.mid === undefined) { estimateLine.textContent = t('loans.estimateNone', { title: p.title }); return; }
        sum += e.mid;
        comparables += e.comparables;
      }
      sum = Math.round(sum * 100) / 100;
      const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10); // the exchange's calendar is Beijing time
      el.querySelector('[name="valuation.value"]').value = String(sum);
      el.querySelector('[name="valuation.reference"]').value = t('loans.estimateReference', { date: today, n: comparables });
      estimateLine.textContent = t('loans.estimated', { value: yuan(sum), n: comparables });
    } catch (error) {
      clear(estimateLine, errorBanner(error));
    }
  }
  const el = form(async (f) => {
    const x = values(f);
    const created = await submit(f, () => post('/api/loans', {
      bankOrganisationId: opt(x.bankOrganisationId), guarantorOrganisationId: opt(x.guarantorOrganisationId), amount: num(x.amount), termMonths: num(x.termMonths),
      purpose: opt(x.purpose), patentIds: x.patentIds ?? [],
      valuation: { reference: opt(x['valuation.reference']), value: num(x['valuation.value']) },
      appraisal: { appraiser: opt(x['appraisal.appraiser']), reportNumber: opt(x['appraisal.reportNumber']), value: num(x['appraisal.value']), date: opt(x['appraisal.date']) },
    }));
    if (created) navigate(`/loans/${encodeURIComponent(created.id)}`);
  },
  field(t('loans.bank'), 'bankOrganisationId', select(banks.map((b) => b.organisationId), {}, name(banks), t('common.choose'))),
  field(t('loans.guarantor'), 'guarantorOrganisationId', select(guarantors.map((g) => g.organisationId), {}, name(guarantors), t('common.choose'))),
  field(t('loans.amountYuan'), 'amount', input({ inputmode: 'decimal' })),
  field(t('loans.termMonths'), 'termMonths', input({ inputmode: 'numeric', value: '12' })),
  field(t('loans.purpose'), 'purpose', input()),
  h('fieldset', { class: 'field', dataset: { field: 'patentIds' } }, h('legend', {}, t('loans.patents')),
    free.length ? free.map((p) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'patentIds', value: p.id }), ` ${p.title}（${p.id}）`)) : h('p', { class: 'empty' }, t('loans.noPatents')),
    h('div', { class: 'field-error', role: 'alert' })),
  h('div', { class: 'actions' }, h('button', { type: 'button', 'data-test': 'estimate', onclick: estimate }, t('loans.estimate'))),
  estimateLine,
  field(t('loans.valuationReference'), 'valuation.reference', input(), t('loans.valuationHelp')),
  field(t('loans.valuationValue'), 'valuation.value', input({ inputmode: 'decimal' })),
  field(t('loans.appraiser'), 'appraisal.appraiser', input()),
  field(t('loans.reportNumber'), 'appraisal.reportNumber', input()),
  field(t('loans.appraisedValue'), 'appraisal.value', input({ inputmode: 'decimal' })),
  field(t('loans.appraisalDate'), 'appraisal.date', input({ type: 'date' })),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-test': 'apply' }, t('loans.apply'))));
  clear(main, h('h1', {}, t('loans.apply')), h('p', { class: 'help' }, t('loans.applyHelp')), el);
}

export async function detail(main, { id, navigate }) {
  const me = session().user;
  const { body: loan, etag } = await get(`/api/loans/${encodeURIComponent(id)}`, { withEtag: true });
  const notice = h('div');
  const reload = () => navigate(`/loans/${encodeURIComponent(id)}`, true);
  const url = (step) => `/api/loans/${encodeURIComponent(id)}/${step}`;
  const send = (step, body) => post(url(step), body, { ifMatch: etag });
  const isBank = me.organisationId === loan.bank.organisationId;
  const isGuarantor = me.organisationId === loan.guarantor.organisationId;
  const actions = [];

  const actionForm = (test, title, fields, body, step, confirmText) => section(title, form(async (f) => {
    const x = values(f);
    if (confirmText && !(await confirmAction(title, confirmText))) return;
    if (await submit(f, () => send(step, body(x)))) reload();
  }, ...fields, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-test': test }, title))));

  if (isGuarantor && loan.status === 'Applied') {
    actions.push(actionForm('guarantee', t('loans.approveGuarantee'), [
      field(t('loans.feeRatePercent'), 'feeRate', input({ inputmode: 'decimal', value: '1.2' }), t('loans.feeHelp')),
      field(t('loans.coveragePercent'), 'coverage', input({ inputmode: 'decimal', value: '80' }), t('loans.coverageHelp')),
    ], (x) => ({ feeRate: fraction(x.feeRate), coverage: fraction(x.coverage) }), 'guarantee', t('loans.confirmGuarantee')));
    actions.push(actionForm('refuse-guarantee', t('loans.refuse'), [field(t('loans.reason'), 'reason', input())], (x) => ({ reason: opt(x.reason) }), 'guarantee/refusal', t('loans.confirmRefuse')));
  }
  if (isBank && loan.status === 'Guaranteed') {
    actions.push(actionForm('approve', t('loans.approveLoan'), [
      field(t('loans.amountYuan'), 'amount', input({ inputmode: 'decimal', value: String(loan.amountRequested) })),
      field(t('loans.ratePercent'), 'annualRate', input({ inputmode: 'decimal', value: '3.65' })),
      field(t('loans.termMonths'), 'termMonths', input({ inputmode: 'numeric', value: String(loan.termMonthsRequested) })),
    ], (x) => ({ amount: num(x.amount), annualRate: fraction(x.annualRate), termMonths: num(x.termMonths) }), 'approval', t('loans.confirmApprove')));
  }
  if (isBank && ['Applied', 'Guaranteed'].includes(loan.status)) {
    actions.push(actionForm('refuse-loan', t('loans.refuse'), [field(t('loans.reason'), 'reason', input())], (x) => ({ reason: opt(x.reason) }), 'refusal', t('loans.confirmRefuse')));
  }
  if (me.role === 'exchange' && loan.status === 'Approved') {
    actions.push(actionForm('register', t('loans.registerPledge'), [
      field(t('loans.noticeNumber'), 'noticeNumber', input()),
      field(t('loans.noticeDate'), 'noticeDate', input({ type: 'date' })),
    ], (x) => ({ noticeNumber: opt(x.noticeNumber), noticeDate: opt(x.noticeDate) }), 'pledge-registration'));
  }
  if (isBank && loan.status === 'Active') {
    const next = loan.schedule.find((i) => i.principal + i.interest - i.paid > 0);
    const due = next ? Math.round((next.principal + next.interest - next.paid) * 100) / 100 : '';
    actions.push(actionForm('repay', t('loans.recordRepayment'), [
      field(t('loans.amountYuan'), 'amount', input({ inputmode: 'decimal', value: String(due) })),
      field(t('loans.reference'), 'reference', input()),
    ], (x) => ({ amount: num(x.amount), reference: opt(x.reference) }), 'repayments', t('loans.confirmRepayment')));
    if (loan.schedule.some((i) => i.overdue && i.principal + i.interest - i.paid > 0)) {
      actions.push(actionForm('default', t('loans.declareDefault'), [field(t('loans.reason'), 'reason', input())], (x) => ({ reason: opt(x.reason) }), 'default', t('loans.confirmDefault')));
    }
  }
  if (isBank && loan.status === 'Defaulted' && !loan.compensation) {
    actions.push(section(t('loans.claimCompensation'), h('p', {}, loan.riskSharingEligible ? t('loans.eligibleHelp') : t('loans.ownTermsHelp')),
      h('button', { type: 'button', class: 'primary', 'data-test': 'compensate', onclick: async () => {
        try { await send('compensation', {}); reload(); } catch (error) { clear(notice, errorBanner(error)); }
      } }, t('loans.claimCompensation'))));
  }
  if (isBank && loan.status === 'Defaulted' && !loan.disposalMethod) {
    // An auction's proceeds are the marketplace's hammer price: the bank lists the patents, the completed sale records the disposal.
    // The loan hears of the listing only once published: until then the bank's own draft or listing in review stands for it.
    const pledged = new Set(loan.patents.map((p) => p.patentId));
    const pending = loan.auctionListing ? null
      : (await get('/api/listings?owner=mine&status=Draft&status=Submitted&pageSize=100')).items.find((l) => l.patentIds.some((p) => pledged.has(p)));
    actions.push(loan.auctionListing || pending
      ? section(t('loans.auctionTitle'), h('p', { class: 'help', 'data-test': 'auction-help' },
        loan.auctionListing ? t('loans.auctionListed', { title: loan.auctionListing.title, price: yuan(loan.auctionListing.askingPrice) })
          : t(pending.status === 'Draft' ? 'loans.disposalInDraft' : 'loans.disposalInReview', { title: pending.title }), ' ',
        link(`/listings/${encodeURIComponent(loan.auctionListing?.listingId ?? pending.id)}`, t('loans.viewListing'))))
      : disposalListingForm(loan));
    actions.push(actionForm('dispose', t('loans.dispose'), [
      field(t('loans.method'), 'method', select(['ReverseLicence', 'DebtToEquity'], {}, (x) => v('DisposalMethod', x))),
      field(t('loans.counterparty'), 'counterparty', input()),
      field(t('loans.proceeds'), 'proceeds', input({ inputmode: 'decimal' })),
      field(t('loans.costs'), 'costs', input({ inputmode: 'decimal', value: '0' })),
      field(t('loans.note'), 'note', input()),
    ], (x) => ({ method: x.method, counterparty: opt(x.counterparty), proceeds: num(x.proceeds), costs: num(x.costs), note: opt(x.note) }), 'disposal', t('loans.confirmDispose')));
  }

  // The exchange's watch on the pledged patents, told from the patent as the loan knows it.
  const patentAlertSentence = (a) => {
    const p = loan.patents.find((x) => x.patentId === a.patentId);
    const title = p ? p.title : t('loans.aPledgedPatent');
    return a.rule === 'pledged-patent-expiring'
      ? t('loans.patentExpiring', { title, date: p ? day(p.expiresOn) : '' })
      : t('loans.patentLapsed', { title });
  };
  const partyName = (s) => ({ guarantor: loan.guarantor.name, bank: loan.bank.name, 're-guarantor': s.partyName, 'national-fund': s.partyName }[s.party] ?? s.partyName);
  const flowName = (name) => (name === 'disposal-costs' ? t('loans.disposalCosts') : name);
  clear(main,
    h('h1', {}, t('loans.loanOf', { name: loan.borrower.name }), ' ', h('span', { 'data-test': 'loan-status' }, badge('LoanStatus', loan.status))),
    notice,
    ...actions,
    section(t('loans.application'), dl([
      [t('loans.borrower'), loan.borrower.name], [t('loans.bank'), loan.bank.name], [t('loans.guarantor'), loan.guarantor.name],
      [t('loans.amountRequested'), yuan(loan.amountRequested)], [t('loans.termMonths'), String(loan.termMonthsRequested)], [t('loans.purpose'), loan.purpose],
      [t('loans.valuationReference'), `${loan.valuation.reference} · ${yuan(loan.valuation.value)}`],
      [t('loans.appraisal'), `${loan.appraisal.appraiser} ${loan.appraisal.reportNumber} · ${yuan(loan.appraisal.value)} · ${day(loan.appraisal.date)}`],
      [t('loans.appliedAt'), when(loan.appliedAt)],
    ]), table([
      { label: t('loans.patentTitle'), cell: (p) => p.title },
      { label: t('loans.patentNumber'), cell: (p) => p.patentId },
      { label: t('loans.expiresOn'), cell: (p) => day(p.expiresOn) },
    ], loan.patents)),
    (loan.patentAlerts ?? []).length ? section(t('loans.patentAlerts'), h('ul', { 'data-test': 'patent-alerts' },
      ...loan.patentAlerts.map((a) => h('li', { class: 'badge-overdue' }, patentAlertSentence(a))))) : null,
    loan.refusalReason ? section(t('loans.refused'), h('p', { 'data-test': 'refusal' }, t('loans.refusedBy', { name: loan.refusedBy === 'bank' ? loan.bank.name : loan.guarantor.name, reason: loan.refusalReason }))) : null,
    // What the guarantor agreed, for the bank to decide on (before the bank's terms exist).
    loan.amount === null && loan.guaranteeFeeRate !== null && loan.guaranteeFeeRate !== undefined ? section(t('loans.guaranteeTerms'), h('div', { 'data-test': 'guarantee-terms' }, dl([
      [t('loans.feeRate'), pct(loan.guaranteeFeeRate)], [t('loans.coverage'), pct(loan.guaranteeCoverage)],
    ]))) : null,
    loan.amount !== null ? section(t('loans.terms'), dl([
      [t('loans.feeRate'), pct(loan.guaranteeFeeRate)], [t('loans.coverage'), pct(loan.guaranteeCoverage)],
      [t('loans.amount'), yuan(loan.amount)], [t('loans.rate'), pct(loan.annualRate)], [t('loans.termMonths'), String(loan.termMonths)],
      [t('loans.riskSharing'), loan.riskSharingEligible ? t('loans.eligible') : t('loans.notEligible')],
      loan.pledgeNoticeNumber ? [t('loans.pledgeNotice'), `${loan.pledgeNoticeNumber} · ${day(loan.pledgeNoticeDate)}`] : null,
      [t('loans.outstanding'), h('span', { 'data-test': 'outstanding' }, yuan(loan.outstanding))], [t('loans.subsidy'), yuan(loan.subsidyPaid)],
    ])) : null,
    loan.schedule.length ? section(t('loans.schedule'), table([
      { label: t('loans.instalment'), cell: (i) => String(i.number) },
      { label: t('loans.dueOn'), cell: (i) => day(i.dueOn) },
      { label: t('loans.principal'), cell: (i) => yuan(i.principal), class: 'num' },
      { label: t('loans.interest'), cell: (i) => yuan(i.interest), class: 'num' },
      { label: t('loans.paid'), cell: (i) => yuan(i.paid), class: 'num' },
      { label: t('common.status'), cell: (i) => (i.paid >= i.principal + i.interest ? t('loans.settled') : i.overdue ? h('span', { class: 'badge badge-overdue' }, t('loans.overdue')) : t('loans.open')) },
    ], loan.schedule), h('p', { class: 'help' }, t('loans.roundingHelp'))) : null,
    loan.loss !== null ? section(t('loans.defaultTitle'), dl([[t('loans.loss'), h('span', { 'data-test': 'loss' }, yuan(loan.loss))]]),
      loan.compensation ? table([
        { label: t('loans.party'), cell: (s) => partyName(s) },
        { label: t('loans.ratio'), cell: (s) => pct(s.ratio) },
        { label: t('loans.share'), cell: (s) => yuan(s.amount), class: 'num' },
      ], loan.compensation) : null, loan.compensation ? h('p', { class: 'help' }, t('loans.compensationHelp')) : null) : null,
    loan.disposalMethod ? section(t('loans.disposal'), dl([[t('loans.method'), v('DisposalMethod', loan.disposalMethod)], [t('loans.counterparty'), loan.disposalCounterparty],
      [t('loans.proceeds'), yuan(loan.disposalProceeds)], [t('loans.disposalCosts'), yuan(loan.disposalCosts)]]),
      table([
        { label: t('loans.from'), cell: (f) => flowName(f.from) },
        { label: t('loans.to'), cell: (f) => flowName(f.to) },
        { label: t('loans.amount'), cell: (f) => yuan(f.amount), class: 'num' },
      ], loan.disposalFlows)) : null);
}

// 质物处置挂牌: the bank, as pledgee, lists the defaulted loan's pledged patents for auction in this
// exchange (an assignment by auction: the Listing service accepts nothing else for a pledge) and sends
// the listing for the exchange's review; the loan hears of it once the exchange publishes it.
function disposalListingForm(loan) {
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10); // the exchange's calendar is Beijing time
  const until = new Date(Date.now() + (8 * 3600 + 60 * 86400) * 1000).toISOString().slice(0, 10);
  const patentIds = loan.patents.map((p) => p.patentId);
  const card = section(t('loans.auctionTitle'));
  const el = form(async (f) => {
    const x = values(f);
    const confirmed = await confirmAction(t('loans.listForAuction'), t('loans.confirmListForAuction', { n: patentIds.length }),
      h('p', {}, `${t('loans.askingPrice')}：${x.askingPrice ? yuan(num(x.askingPrice)) : '—'}；${t('loans.reservePrice')}：${x.reservePrice ? yuan(num(x.reservePrice)) : '—'}`));
    if (!confirmed) return;
    const drafted = await submit(f, () => post(`/api/listings/pledge-disposals/${encodeURIComponent(loan.id)}`, {
      title: opt(x.title), titleEn: opt(x.titleEn), summary: opt(x.summary), patentIds, dealKind: 'Assignment', pricingMethod: 'Auction', tradingMode: 'Bidding',
      askingPrice: num(x.askingPrice), reservePrice: num(x.reservePrice), listedFrom: opt(x.listedFrom), listedUntil: opt(x.listedUntil),
    }));
    if (!drafted) return;
    // The draft goes to the exchange's review at once: listing it was the binding step the bank confirmed.
    const submitted = await submit(f, () => post(`/api/listings/${encodeURIComponent(drafted.id)}/submit`, null));
    clear(card, h('h2', {}, t('loans.auctionTitle')), h('div', { class: 'success', role: 'status', 'data-test': 'disposal-listed' },
      h('p', {}, submitted ? t('loans.disposalListed') : t('loans.disposalDrafted'), ' ', link(`/listings/${encodeURIComponent(drafted.id)}`, t('loans.viewListing'))),
      h('ol', {}, h('li', {}, t('loans.nextReview')), h('li', {}, t('loans.nextAnnouncement')), h('li', {}, t('loans.nextSale')))));
  },
  h('p', { class: 'help', 'data-test': 'auction-help' }, t('loans.auctionHelp')),
  h('div', { class: 'field', dataset: { field: 'patentIds' } }, h('span', { class: 'label' }, t('loans.patents')),
    h('ul', {}, loan.patents.map((p) => h('li', {}, `${p.title}（${p.patentId}）`))), h('div', { class: 'field-error', role: 'alert', 'aria-live': 'polite' })),
  field(t('loans.listingTitle'), 'title', input({ value: `质押专利处置：${loan.patents[0]?.title ?? ''}` })),
  field(t('loans.listingTitleEn'), 'titleEn', input()),
  field(t('loans.listingSummary'), 'summary', input({ value: '质权人依法处置质押专利，网络拍卖。' })),
  field(t('loans.askingPrice'), 'askingPrice', input({ inputmode: 'decimal' }), t('loans.askingPriceHelp')),
  field(t('loans.reservePrice'), 'reservePrice', input({ inputmode: 'decimal' }), t('loans.reservePriceHelp')),
  field(t('loans.listedFrom'), 'listedFrom', input({ type: 'date', value: today })),
  field(t('loans.listedUntil'), 'listedUntil', input({ type: 'date', value: until })),
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-test': 'list-for-auction' }, t('loans.listForAuction'))));
  card.append(el);
  return card;
}
