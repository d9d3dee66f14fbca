// Exchange staff: the review queue, the cockpit (live over server-sent events, polling if the feed
// fails), alerts, and a deal's audit timeline with its hash-chain verification.
import { t, v } from '../i18n.js';
import { get, post, query, stream, session } from '../api.js';
import {
  h, clear, confirmAction, form, field, input, textarea, submit, values, table, pager, link, section, banner, yuan, wan, when, localPage, errorBanner, select, dl,
} from '../ui.js';
import { barChart, funnelChart, disposeCharts } from '../echarts-charts.js';
import {
  factSentence, serviceName, recordName, alertName, alertSentence, organisationNames, organisationName, organisationsIn, organisationsOfAlert,
} from '../events.js';

export async function review(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const result = await get(`/api/listings/review-queue${query({ page, pageSize: 10 })}`);
  const notice = h('div');
  // A decided listing leaves the queue at once; the banner stays to say what happened.
  const decided = (id, message) => { clear(notice, banner('ok', message)); main.querySelector(`[data-listing="${CSS.escape(id)}"]`)?.remove(); };
  clear(main, h('h1', {}, t('review.title')), notice,
    result.items.length ? h('ul', { class: 'cards' }, result.items.map((l) => {
      const reasons = textarea({ rows: 2 });
      const reject = form(async (el) => {
        if (!await confirmAction(t('review.confirmReject'), t('review.confirmRejectText', { title: l.title }))) return;
        const done = await submit(el, () => post(`/api/listings/${l.id}/reject`, { reasons: values(el).reasons.split(/\r?\n/).map((r) => r.trim()).filter(Boolean) }));
        if (done !== undefined) decided(l.id, t('review.rejected', { id: l.id }));
      }, field(t('review.reasons'), 'reasons', reasons), h('button', { type: 'submit' }, t('review.reject')));
      return h('li', { class: 'listing-card', dataset: { listing: l.id } },
        h('h3', {}, link(`/listings/${l.id}`, l.title)),
        h('p', { class: 'meta' }, `${l.ownerOrganisationName} · ${v('DealKind', l.dealKind)} · ${v('PricingMethod', l.pricingMethod)} · ${v('TradingMode', l.tradingMode)} · ${yuan(l.askingPrice)}`),
        h('p', { class: 'summary' }, l.summary),
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'primary', 'data-test': 'approve', onclick: async () => {
          if (!await confirmAction(t('review.confirmApprove'), t('review.confirmApproveText', { title: l.title }))) return;
          try { await post(`/api/listings/${l.id}/approve`); decided(l.id, t('review.approved', { id: l.id })); } catch (error) { clear(notice, errorBanner(error)); }
        } }, t('review.approve'))),
        h('details', {}, h('summary', {}, t('review.reject')), reject));
    })) : h('p', { class: 'empty' }, t('common.none')),
    pager(result, (p) => navigate(`/review?page=${p}`)));
}

const LICENCES = ['ExclusiveLicence', 'SoleLicence', 'NonExclusiveLicence', 'OpenLicence'];
const licence = (deal) => LICENCES.includes(deal.dealKind);

const STAGES = ['Struck', 'Drafted', 'Signed', 'Recorded', 'Paying', 'Completed', 'Cancelled', 'Refused'];

export async function cockpit(main) {
  const mode = h('span', { class: 'badge', 'data-test': 'cockpit-mode' }, '…');
  const headline = h('div', { class: 'figures' });
  const pipeline = h('div', { class: 'chart', 'data-test': 'chart-pipeline' });
  const conversionChart = h('div', { class: 'chart', 'data-test': 'chart-conversion' });
  const conversionText = h('p');
  const listingStages = h('div', { class: 'chart', 'data-test': 'chart-listings' });
  const times = h('div', { class: 'chart', 'data-test': 'chart-times' });
  const regions = h('div', { class: 'chart', 'data-test': 'chart-regions' });
  const deals = h('div');
  const financing = h('div', { 'data-test': 'financing' });
  const notice = h('div');
  clear(main, h('h1', {}, t('cockpit.title'), ' ', mode), notice, headline,
    h('div', { class: 'columns' }, section(t('cockpit.pipeline'), pipeline), section(t('cockpit.conversion'), conversionChart, conversionText)),
    section(t('cockpit.listingStages'), listingStages),
    h('div', { class: 'columns' }, section(t('cockpit.byRegion'), regions), section(t('cockpit.stageTimes'), times)),
    section(t('cockpit.dealList'), deals),
    section(t('cockpit.financing'), financing));

  function drawSummary(summary) {
    const d = summary.deals;
    // Each figure says what it counts when hovered or focused.
    const figure = (label, value, test, definition) => h('div', { class: 'figure', title: t(definition), tabindex: '0', 'aria-describedby': `def-${test}` },
      h('span', { class: 'label' }, label, ' ', h('span', { class: 'info', 'aria-hidden': 'true' }, 'ⓘ')), h('strong', { 'data-test': test }, value),
      h('span', { class: 'definition', id: `def-${test}`, role: 'tooltip' }, t(definition)));
    clear(headline,
      figure(t('cockpit.listings'), summary.listings.total, 'listings-total', 'cockpit.def.listings'),
      figure(t('cockpit.deals'), d.total, 'deals-total', 'cockpit.def.deals'),
      figure(t('cockpit.amount'), wan(d.amount), 'deals-amount', 'cockpit.def.amount'),
      figure(t('cockpit.completed'), d.completed, 'deals-completed', 'cockpit.def.completed'),
      figure(t('cockpit.stuck'), d.stuck, 'deals-stuck', 'cockpit.def.stuck'),
      figure(t('cockpit.royaltyIncome'), yuan(summary.royalties?.income ?? 0), 'royalty-income', 'cockpit.def.royaltyIncome'),
      figure(t('cockpit.alerts'), summary.alerts.raised, 'alerts-raised', 'cockpit.def.alerts'));
    const byStage = Object.fromEntries(d.byStage.map((x) => [x.stage, x]));
    barChart(pipeline, STAGES.map((stage) => ({ label: v('DealStage', stage), value: byStage[stage]?.count ?? 0, amount: byStage[stage]?.amount ?? 0 })),
      (value, r) => `${value} · ${wan(r.amount)}`);
    barChart(listingStages, summary.listings.byStage.map((x) => ({ label: v('ListingStage', x.stage), value: x.count, amount: x.amount })),
      (value, r) => `${value} · ${wan(r.amount)}`);
    const c = summary.conversion;
    funnelChart(conversionChart, [
      { label: t('cockpit.listings'), value: c.listed }, { label: t('cockpit.deals'), value: c.withDeal }, { label: t('cockpit.completed'), value: c.completed }]);
    clear(conversionText, `${t('cockpit.listingToDeal')} ${(c.listingToDeal * 100).toFixed(1)}% · ${t('cockpit.dealToCompleted')} ${(c.dealToCompleted * 100).toFixed(1)}%`);
    barChart(times, summary.stageTimes.map((x) => ({ label: v('DealStage', x.stage), value: Number(x.averageHours) })), (x) => x.toFixed(1));
  }

  async function drawTables() {
    try {
      const [breakdown, rows] = await Promise.all([get('/api/cockpit/breakdown?by=region'), get('/api/cockpit/deals')]);
      drawFinancing();
      barChart(regions, breakdown.rows.slice(0, 10).map((r) => ({ label: r.name || r.key || t('common.unknownRegion'), value: r.deals, amount: r.dealAmount })),
        (value, r) => `${value} · ${wan(r.amount)}`);
      const pageOf = localPage(rows, dealsPage, 10);
      await organisationNames(pageOf.items.flatMap((r) => [r.sellerOrganisationId, r.buyerOrganisationId]), session().user);
      clear(deals, table([
        { label: t('deal.id'), cell: (r) => link(`/audit/${r.dealId}`, r.dealId) },
        { label: t('common.title'), cell: (r) => r.listingTitle ?? r.listingId },
        { label: t('deal.stage'), cell: (r) => h('span', { class: `badge badge-${r.stage.toLowerCase()}` }, v('DealStage', r.stage)) },
        { label: t('common.price'), cell: (r) => yuan(r.price), class: 'num' },
        { label: t('deal.seller'), cell: (r) => r.sellerName ?? organisationName(r.sellerOrganisationId) },
        { label: t('deal.buyer'), cell: (r) => r.buyerName ?? organisationName(r.buyerOrganisationId) },
        // Royalties (提成) belong to licences only; an assignment's cells stay empty rather than showing zeros.
        { label: t('cockpit.royaltyRate'), cell: (r) => (licence(r) && r.royaltyRate != null ? `${(Number(r.royaltyRate) * 100).toFixed(2)}%` : ''), class: 'num' },
        { label: t('cockpit.royaltyBase'), cell: (r) => (licence(r) ? yuan(r.royaltyBase ?? 0) : ''), class: 'num' },
        { label: t('cockpit.royaltyReported'), cell: (r) => (licence(r) ? yuan(r.royaltyReported ?? 0) : ''), class: 'num' },
        { label: t('cockpit.royaltyPaid'), cell: (r) => (licence(r) ? yuan(r.royaltyPaid ?? 0) : ''), class: 'num' },
        { label: t('cockpit.royaltyOutstanding'), cell: (r) => (licence(r) ? yuan(r.royaltyOutstanding ?? 0) : ''), class: 'num' },
        { label: t('cockpit.stuck'), cell: (r) => (r.stuck ? h('span', { class: 'badge badge-rejected' }, t('cockpit.stuck')) : '') },
      ], pageOf.items), h('p', { class: 'meta', 'data-test': 'royalty-columns-definition' }, t('cockpit.def.royaltyColumns')),
      pager(pageOf, (p) => { dealsPage = p; drawTables(); }));
    } catch (error) { clear(deals, errorBanner(error)); }
  }
  let dealsPage = 1;

  // 质押融资: loans and amounts by month and region, defaults, what each party bore, disposals (the Finance service's events).
  async function drawFinancing() {
    try {
      const f = await get('/api/cockpit/financing');
      const party = (p) => t(`cockpit.party.${p.party}`);
      clear(financing,
        dl([
          [t('cockpit.fin.applications'), String(f.applications)], [t('cockpit.fin.granted'), h('span', { 'data-test': 'fin-granted' }, `${f.loansGranted} · ${wan(f.amountGranted)}`)],
          [t('cockpit.fin.repaid'), `${f.repaid} · ${yuan(f.repaidAmount)}`], [t('cockpit.fin.subsidy'), yuan(f.subsidyPaid)],
          [t('cockpit.fin.defaults'), `${f.defaults} · ${yuan(f.defaultLoss)}`],
        ]),
        table([
          { label: t('cockpit.fin.month'), cell: (r) => r.key },
          { label: t('cockpit.fin.loans'), cell: (r) => String(r.loans), class: 'num' },
          { label: t('cockpit.fin.amount'), cell: (r) => wan(r.amount), class: 'num' },
        ], f.byMonth, t('cockpit.fin.none')),
        table([
          { label: t('cockpit.fin.region'), cell: (r) => r.key || t('common.unknownRegion') },
          { label: t('cockpit.fin.loans'), cell: (r) => String(r.loans), class: 'num' },
          { label: t('cockpit.fin.amount'), cell: (r) => wan(r.amount), class: 'num' },
        ], f.byRegion, t('cockpit.fin.none')),
        // By industry: the IPC section (and class) of each loan's main pledged patent.
        h('div', { 'data-test': 'fin-industry' }, table([
          { label: t('cockpit.fin.industry'), cell: (r) => (r.key ? `${r.key} ${t(`ipc.${r.key}`)}` : t('cockpit.fin.noIndustry')) },
          { label: t('cockpit.fin.classes'), cell: (r) => (f.byIpcClass ?? []).filter((c) => r.key && c.key.startsWith(r.key)).map((c) => `${c.key} ${wan(c.amount)}`).join('，') },
          { label: t('cockpit.fin.loans'), cell: (r) => String(r.loans), class: 'num' },
          { label: t('cockpit.fin.amount'), cell: (r) => wan(r.amount), class: 'num' },
        ], f.byIndustry ?? [], t('cockpit.fin.none'))),
        f.compensationByParty.length ? table([
          { label: t('cockpit.fin.party'), cell: party },
          { label: t('cockpit.fin.compensation'), cell: (p) => yuan(p.amount), class: 'num' },
        ], f.compensationByParty) : null,
        f.disposals.length ? table([
          { label: t('cockpit.fin.method'), cell: (d) => v('DisposalMethod', d.method) },
          { label: t('cockpit.fin.loans'), cell: (d) => String(d.disposals), class: 'num' },
          { label: t('cockpit.fin.proceeds'), cell: (d) => yuan(d.proceeds), class: 'num' },
        ], f.disposals) : null);
    } catch (error) { clear(financing, errorBanner(error)); }
  }

  const controller = new AbortController();
  let pollTimer = null;
  let tablesTimer = null;
  async function poll() {
    try { drawSummary(await get('/api/cockpit/summary')); clear(notice); } catch { clear(notice, banner('error', t('cockpit.unavailable'))); }
    pollTimer = setTimeout(poll, 5000);
  }
  // Live: the Monitoring service pushes the figures on every change; the tables follow each push (at most every 2 s).
  stream('/api/cockpit/live', (name, data) => {
    if (name !== 'figures') return;
    mode.textContent = t('cockpit.live');
    drawSummary(data);
    clearTimeout(tablesTimer);
    tablesTimer = setTimeout(drawTables, 300);
  }, controller.signal).catch((error) => {
    if (controller.signal.aborted) return;
    mode.textContent = t('cockpit.polling');
    if (error?.status && error.status !== 404) clear(notice, banner('error', t('cockpit.unavailable')));
    poll();
  });
  await drawTables();
  return () => { controller.abort(); clearTimeout(pollTimer); clearTimeout(tablesTimer); disposeCharts(pipeline, conversionChart, listingStages, times, regions); };
}

export async function alerts(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const all = await get(`/api/alerts${query({ status: q.status })}`);
  const items = all.items ?? all;
  const pageOf = localPage(items, page, 10);
  const notice = h('div');
  const filter = select(['Raised', 'Acknowledged', 'Resolved'], { value: q.status ?? '', 'aria-label': t('common.status') }, (x) => v('AlertStatus', x), t('common.all'));
  filter.addEventListener('change', () => navigate(`/alerts${query({ status: filter.value })}`));
  const reload = () => navigate(`/alerts${query({ status: q.status, page })}`, true);
  const act = async (call) => { try { await call(); reload(); } catch (error) { clear(notice, errorBanner(error)); } };
  await organisationNames(pageOf.items.flatMap(organisationsOfAlert), session().user);
  clear(main, h('h1', {}, t('alerts.title')), notice, h('div', { class: 'toolbar' }, filter),
    table([
      { label: t('alerts.rule'), cell: (a) => h('strong', { 'data-test': 'alert-rule' }, alertName(a.rule)) },
      { label: t('alerts.summary'), cell: (a) => alertSentence(a) },
      { label: t('deal.id'), cell: (a) => (a.dealId ? link(`/audit/${a.dealId}`, a.dealId) : a.listingId ? link(`/listings/${a.listingId}`, a.listingId) : '') },
      { label: t('common.status'), cell: (a) => v('AlertStatus', a.status) },
      { label: t('alerts.raisedAt'), cell: (a) => when(a.raisedAt) },
      { label: t('common.actions'), cell: (a) => [
        a.status === 'Raised' ? h('button', { type: 'button', onclick: () => act(() => post(`/api/alerts/${a.alertId}/acknowledge`, { note: null })) }, t('alerts.acknowledge')) : null, ' ',
        a.status !== 'Resolved' ? h('button', { type: 'button', onclick: () => {
          const resolution = prompt(t('alerts.resolution'));
          if (resolution) act(() => post(`/api/alerts/${a.alertId}/resolve`, { resolution }));
        } }, t('alerts.resolve')) : null] },
    ], pageOf.items),
    pager(pageOf, (p) => navigate(`/alerts${query({ status: q.status, page: p })}`)));
}

export async function audit(main, { id, navigate }) {
  const dealId = input({ value: id ?? '' });
  const f = form(() => dealId.value.trim() && navigate(`/audit/${encodeURIComponent(dealId.value.trim())}`),
    h('div', { class: 'toolbar' }, field(t('audit.dealId'), 'dealId', dealId), h('button', { type: 'submit', class: 'primary' }, t('common.open'))));
  const box = h('div');
  clear(main, h('h1', {}, t('audit.title')), f, box);
  if (!id) {
    try {
      const rows = await get('/api/cockpit/deals');
      clear(box, table([
        { label: t('deal.id'), cell: (r) => link(`/audit/${r.dealId}`, r.dealId) },
        { label: t('common.title'), cell: (r) => r.listingTitle ?? r.listingId },
        { label: t('deal.stage'), cell: (r) => v('DealStage', r.stage) },
        { label: t('common.price'), cell: (r) => yuan(r.price), class: 'num' },
      ], rows.slice(0, 20)));
    } catch (error) { clear(box, errorBanner(error)); }
    return;
  }
  const record = await get(`/api/audit/deals/${encodeURIComponent(id)}`);
  await organisationNames(record.timeline.flatMap((e) => organisationsIn(e.data)), session().user);
  clear(box,
    record.allIntact ? banner('ok', '✓ ', t('audit.intact')) : banner('error', t('audit.broken')),
    h('p', {}, record.listingId ? link(`/listings/${record.listingId}`, record.listingId) : null,
      record.auctionIds.map((a) => [' · ', link(`/auctions/${a}`, a)])),
    section(t('audit.timeline'), h('ol', { class: 'timeline', 'data-test': 'timeline' }, record.timeline.map((e) => h('li', {},
      h('span', { class: 'when' }, when(e.occurredAt)),
      h('span', { class: 'fact' }, factSentence(e.eventType, e.data)), ' ',
      h('span', { class: 'badge' }, serviceName(e.sourceService)),
      h('code', { class: 'hash', title: e.hash }, e.hash.slice(0, 12)))))),
    record.sources?.length ? section(t('audit.sources'), table([
      { label: t('audit.source'), cell: (c) => serviceName(c.service) },
      { label: t('audit.record'), cell: (c) => recordName(c.stream) },
      { label: t('common.status'), cell: (c) => h('span', { class: `badge badge-${c.status === 'intact' ? 'public' : c.status === 'broken' ? 'rejected' : 'submitted'}`, 'data-test': `source-${c.service}` }, t(`audit.status.${c.status}`)) },
      { label: t('audit.checked'), cell: (c) => c.eventsChecked ?? '' },
    ], record.sources)) : null,
    section(t('audit.chains'), table([
      { label: t('audit.record'), cell: (c) => recordName(c.streamId) },
      { label: t('common.status'), cell: (c) => (c.isIntact ? `✓ ${t('audit.checkedN', { n: c.eventsChecked })}` : `✗ ${t('audit.status.broken')}`) },
    ], record.verification)));
}
