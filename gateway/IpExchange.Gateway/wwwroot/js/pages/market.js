// Listings for everyone (search, details and the actions each role has on them), demands with their
// matches, and negotiated offers.
import { t, v, options, language } from '../i18n.js';
import { get, post, query, session, api } from '../api.js';
import {
  h, clear, form, field, input, textarea, select, submit, values, num, list, opt, table, pager, link, section, banner,
  yuan, day, when, today, badge, dl, localPage, errorBanner,
} from '../ui.js';

export async function search(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const f = form((el) => {
    const x = values(el);
    navigate(`/market${query({ q: x.q, ipc: x.ipc, dealKind: x.dealKind, tradingMode: x.tradingMode, pricingMethod: x.pricingMethod, minPrice: x.minPrice, maxPrice: x.maxPrice })}`);
  },
  h('div', { class: 'grid filters' },
    field(t('market.q'), 'q', input({ type: 'search', value: q.q ?? '', placeholder: '轨道交通 / bearing' })),
    field(t('market.ipc'), 'ipc', input({ value: q.ipc ?? '', placeholder: 'H02M' })),
    field(t('listings.dealKind'), 'dealKind', select(options('DealKind'), { value: q.dealKind ?? '' }, (x) => v('DealKind', x), t('common.all'))),
    field(t('listings.tradingMode'), 'tradingMode', select(options('TradingMode'), { value: q.tradingMode ?? '' }, (x) => v('TradingMode', x), t('common.all'))),
    field(t('listings.pricingMethod'), 'pricingMethod', select(options('PricingMethod'), { value: q.pricingMethod ?? '' }, (x) => v('PricingMethod', x), t('common.all'))),
    field(t('market.minPrice'), 'minPrice', input({ type: 'number', value: q.minPrice ?? '' })),
    field(t('market.maxPrice'), 'maxPrice', input({ type: 'number', value: q.maxPrice ?? '' }))),
  h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, t('common.search')), link('/market', t('common.reset'))));
  const results = h('div', {}, t('common.loading'));
  clear(main, h('h1', {}, t('market.title')), f, results);
  try {
    const page$ = await get(`/api/listings${query({ ...q, page, pageSize: 10 })}`);
    clear(results,
      h('ul', { class: 'cards' }, page$.items.map((l) => h('li', { class: 'listing-card' },
        h('h3', {}, link(`/listings/${l.id}`, l.title)),
        h('p', { class: 'meta' }, `${l.ownerOrganisationName} · ${v('DealKind', l.dealKind)} · ${v('PricingMethod', l.pricingMethod)} · ${v('TradingMode', l.tradingMode)}`),
        h('p', { class: 'summary' }, l.summary.length > 140 ? `${l.summary.slice(0, 140)}…` : l.summary),
        h('p', { class: 'price' }, yuan(l.askingPrice), ' ', h('span', { class: 'meta' }, l.ipcCodes.slice(0, 3).join('; ')))))),
      page$.items.length ? null : h('p', { class: 'empty' }, t('common.none')),
      pager(page$, (p) => navigate(`/market${query({ ...q, page: p })}`)));
  } catch (error) {
    // A filter the service refused: the error goes beside its field.
    const { showErrors } = await import('../ui.js');
    clear(results);
    showErrors(f, error);
  }
}

export async function listingDetail(main, { id, navigate }) {
  const me = session().user;
  const l = await get(`/api/listings/${encodeURIComponent(id)}`);
  const owner = l.ownerOrganisationId === me.organisationId;
  const notice = h('div');
  const actions = h('div', { class: 'actions' });

  async function act(promise, message, then) {
    try {
      const result = await promise;
      clear(notice, banner('ok', message(result)));
      if (then) then(result);
    } catch (error) { clear(notice, errorBanner(error)); }
  }

  if (owner && (l.status === 'Draft' || l.status === 'Rejected')) {
    actions.append(link(`/listings/${l.id}/edit`, t('listings.form')),
      h('button', { type: 'button', class: 'primary', onclick: () => act(post(`/api/listings/${l.id}/submit`), () => t('listings.submitted'), () => navigate(`/listings/${l.id}`, true)) }, t('listings.submit')));
  }
  if (owner && ['Draft', 'Submitted', 'Rejected', 'Public'].includes(l.status)) {
    actions.append(h('button', { type: 'button', onclick: () => act(post(`/api/listings/${l.id}/withdraw`, { reason: null }), () => t('common.done'), () => navigate(`/listings/${l.id}`, true)) }, t('listings.withdraw')));
  }
  if (me.role === 'exchange' && l.status === 'Submitted') {
    actions.append(h('button', { type: 'button', class: 'primary', onclick: () => act(post(`/api/listings/${l.id}/approve`), () => t('review.approved', { id: l.id }), () => navigate(`/listings/${l.id}`, true)) }, t('review.approve')));
  }
  const extra = [];
  if (me.role === 'exchange' && l.status === 'Public' && (l.pricingMethod === 'Auction' || l.pricingMethod === 'OnlineBidding')) {
    const { scheduleForm } = await import('./auctions.js');
    extra.push(section(t('auctions.schedule'), scheduleForm(l, navigate)));
  }
  if (me.role === 'enterprise' && l.status === 'Public') {
    if (['ListingTransfer', 'Directed'].includes(l.tradingMode) && l.pricingMethod !== 'Auction' && l.pricingMethod !== 'OnlineBidding') {
      actions.append(h('button', { type: 'button', class: 'primary', onclick: () => act(post('/api/offers/accept', { listingId: l.id }), (r) => t('market.accepted', { id: r.dealId })) }, t('market.accept')));
    }
    if (l.tradingMode === 'Negotiated' || l.tradingMode === 'Alliance' || l.tradingMode === 'Directed') {
      const f = form(async (el) => {
        const x = values(el);
        const opened = await submit(el, () => post('/api/offers/negotiations', { listingId: l.id, price: num(x.price), note: opt(x.note), expiresAt: null }));
        if (opened) navigate(`/offers/${opened.id}`);
      }, h('div', { class: 'grid' },
        field(t('offers.price'), 'price', input({ type: 'number', step: '0.01', value: l.askingPrice })),
        field(t('offers.note'), 'note', input())),
      h('button', { type: 'submit', class: 'primary' }, t('market.negotiate')));
      extra.push(section(t('offers.open'), f));
    }
  }
  if (l.tradingMode === 'Bidding' && me.role !== 'exchange') {
    const auctionId = input({ placeholder: 'PM20261122-…', 'aria-label': t('auctions.id') });
    extra.push(section(t('listings.enterAuction'), h('div', { class: 'toolbar' }, auctionId,
      h('button', { type: 'button', onclick: () => auctionId.value.trim() && navigate(`/auctions/${encodeURIComponent(auctionId.value.trim())}`) }, t('auctions.open'))),
    h('p', { class: 'help' }, t('auctions.noList'))));
  }

  if (l.pricingMethod === 'CompetitiveNegotiation' && ['Public', 'Reserved', 'Sold'].includes(l.status)) {
    extra.push(section(t('offers.competitions'), await competitionsOf(l, owner || me.role === 'exchange', navigate)));
  }
  const historyBox = h('div');
  if (owner || me.role === 'exchange') {
    get(`/api/listings/${encodeURIComponent(id)}/history`).then((hist) => clear(historyBox,
      hist.verification.isIntact ? banner('ok', t('listings.chainOk')) : banner('error', t('listings.chainBroken')),
      table([
        { label: '#', cell: (e) => e.version },
        { label: t('audit.event'), cell: (e) => e.event },
        { label: t('audit.at'), cell: (e) => when(e.at) },
        { label: t('deal.buyer'), cell: (e) => e.organisationId ?? '' },
      ], hist.events))).catch((error) => clear(historyBox, errorBanner(error)));
  }
  // The owner (and the exchange) see the offers made on the listing and the deals it led to.
  const offersBox = h('div');
  if (owner || me.role === 'exchange') {
    Promise.all([get(`/api/offers/negotiations${query({ listingId: id, pageSize: 100 })}`), get(`/api/deals${query({ listingId: id, pageSize: 20 })}`)])
      .then(([negotiations, deals]) => clear(offersBox,
        table([
          { label: t('offers.title'), cell: (n) => link(`/offers/${n.id}`, n.id) },
          { label: t('common.status'), cell: (n) => v('NegotiationStatus', n.status) },
          { label: t('offers.price'), cell: (n) => yuan(n.price), class: 'num' },
          { label: t('offers.by'), cell: (n) => n.offeredBy },
        ], negotiations),
        h('h3', {}, t('offers.deals')),
        table([
          { label: t('deal.id'), cell: (d) => d.dealId },
          { label: t('deal.buyer'), cell: (d) => d.buyerOrganisationId },
          { label: t('common.price'), cell: (d) => yuan(d.price), class: 'num' },
          { label: t('common.status'), cell: (d) => d.status },
        ], deals.items)))
      .catch((error) => clear(offersBox, errorBanner(error)));
  }
  const demandsBox = h('div');
  if (owner && l.status === 'Public') {
    const showDemands = (p) => get(`/api/demands/for-listing/${encodeURIComponent(id)}${query({ page: p, limit: 10 })}`)
      .then((matches) => clear(demandsBox, ...matchTable(matches, 'demand', showDemands)))
      .catch((error) => clear(demandsBox, errorBanner(error)));
    showDemands(1);
  }

  clear(main,
    h('h1', {}, l.title, ' ', badge('ListingStatus', l.status)), notice,
    section(t('common.details'), dl([
      ['ID', l.id], [t('listings.owner'), l.ownerOrganisationName],
      [t('listings.patents'), l.patentIds.join(', ')],
      [t('listings.dealKind'), v('DealKind', l.dealKind)], [t('listings.pricingMethod'), v('PricingMethod', l.pricingMethod)],
      [t('listings.tradingMode'), v('TradingMode', l.tradingMode)], [t('listings.askingPrice'), yuan(l.askingPrice)],
      l.reservePrice !== null && l.reservePrice !== undefined ? [t('listings.reservePrice'), yuan(l.reservePrice)] : null,
      l.openLicenceFee !== null && l.openLicenceFee !== undefined ? [t('listings.openLicenceFee'), yuan(l.openLicenceFee)] : null,
      l.licence ? [t('licence.title'), `${l.licence.termMonths} × ${t('licence.termMonths')}；${l.licence.territory}；${l.licence.fieldOfUse}；`
        + `${t('licence.sublicensing')}：${l.licence.sublicensingAllowed ? t('common.yes') : t('common.no')}`
        + (l.licence.royaltyRate ? `；${t('licence.royaltyRate')} ${+(l.licence.royaltyRate * 100).toFixed(4)}%` : '')
        + (l.licence.minimumAnnualRoyalty ? `；${t('licence.minimumAnnualRoyalty')} ${yuan(l.licence.minimumAnnualRoyalty)}` : '')] : null,
      l.appraisal ? [t('equity.appraisal'), `${l.appraisal.appraiser} ${l.appraisal.reportNumber}（${day(l.appraisal.date)}）${yuan(l.appraisal.value)}`] : null,
      [t('listings.period'), `${day(l.listedFrom)} – ${day(l.listedUntil)}`],
      l.rejectionReasons?.length ? [t('listings.reasons'), l.rejectionReasons.join('；')] : null,
    ]), h('p', { class: 'summary' }, l.summary), actions),
    extra,
    owner || me.role === 'exchange' ? section(t('offers.title'), offersBox) : null,
    owner && l.status === 'Public' ? section(t('listings.demandsFor'), demandsBox) : null,
    owner || me.role === 'exchange' ? section(t('listings.history'), historyBox) : null);
}

// A page of matches with the reasons as the API gives them (data, not sentences), written in the
// UI's language: the shared words whole (硬质合金 / cemented carbide), the IPC relation with the
// class's name, the budget, the deal kind. Listing matches also show the listing's patents.
function matchTable(page, kind, go) {
  const lang = language();
  const columns = [
    kind === 'listing'
      ? { label: t('common.title'), cell: (m) => [link(`/listings/${m.listing.id}`, lang === 'en' && m.listing.titleEn ? m.listing.titleEn : m.listing.title),
        h('ul', { class: 'match-patents' }, m.patents.map((p) => h('li', {}, `${v('PatentType', p.type)} · ${p.type === 'Design' && p.locarnoClass
          ? t('match.locarno', { code: p.locarnoClass }) : p.ipcCodes.join('; ')} · ${lang === 'en' && p.titleEn ? p.titleEn : p.title}`)))] }
      : { label: t('common.title'), cell: (m) => [m.demand.title, h('div', { class: 'help' }, m.demand.ownerOrganisationName)] },
    { label: t('demands.score'), cell: (m) => h('span', { class: m.strong ? 'score strong' : 'score', title: m.strong ? t('match.strong') : '' },
      `${Math.round(m.score * 100)}%`), class: 'num' },
    { label: t('demands.reasons'), cell: (m) => reasons(m.reasons) },
  ];
  return [table(columns, page.items), page.total > page.limit ? pager(page, go) : null];
}

function reasons(r) {
  const lang = language();
  const items = [];
  if (r.words?.length) {
    items.push(h('li', {}, `${t('match.words')}：`, ...r.words.map((w) => {
      const shown = lang === 'en' ? (w.english ?? w.chinese) : w.chinese;
      const other = lang === 'en' ? w.chinese : w.english;
      return h('span', { class: 'word', title: [other, w.abbreviation].filter(Boolean).join(' · ') },
        w.abbreviation && w.abbreviation !== shown ? `${shown} (${w.abbreviation})` : shown);
    })));
  }
  if (r.ipc) {
    const title = lang === 'en' ? r.ipc.titleEn : r.ipc.titleZh;
    items.push(h('li', {}, t('match.ipc', { level: v('IpcLevel', r.ipc.level), code: r.ipc.listingCode, wanted: r.ipc.demandCode }),
      title ? h('span', { class: 'help' }, ` ${title}`) : null));
  }
  if (r.budget) {
    items.push(h('li', {}, r.budget.within ? t('match.budgetWithin', { price: yuan(r.budget.askingPrice) })
      : t('match.budgetOver', { price: yuan(r.budget.askingPrice), max: yuan(r.budget.budgetMax) })));
  }
  if (r.dealKind) {
    items.push(h('li', {}, t(r.dealKind.wanted ? 'match.dealKindWanted' : 'match.dealKindNot', { kind: v('DealKind', r.dealKind.offered) })));
  }
  return h('ul', { class: 'reasons' }, items);
}

export async function demands(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const result = await get(`/api/demands${query({ page, pageSize: 10 })}`);
  const f = form(async (el) => {
    const x = values(el);
    const created = await submit(el, () => post('/api/demands', {
      title: x.title, description: x.description, ipcCodes: list(x.ipcCodes), budgetMin: num(x.budgetMin), budgetMax: num(x.budgetMax),
      dealKinds: x.dealKinds ?? [], region: opt(x.region), deadline: opt(x.deadline),
    }));
    if (created) navigate(`/demands/${created.id}`);
  },
  h('div', { class: 'grid' },
    field(t('common.title'), 'title', input()),
    field(t('patents.ipc'), 'ipcCodes', input({ placeholder: 'B61L, H02M 7/48' })),
    field(t('demands.budgetMin'), 'budgetMin', input({ type: 'number' })),
    field(t('demands.budgetMax'), 'budgetMax', input({ type: 'number' })),
    field(t('demands.region'), 'region', input()),
    field(t('demands.deadline'), 'deadline', input({ type: 'date', value: today(60) }))),
  field(t('demands.dealKinds'), 'dealKinds', h('div', { class: 'checks' }, options('DealKind').map((k) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'dealKinds', value: k }), ` ${v('DealKind', k)}`)))),
  field(t('demands.description'), 'description', textarea({ rows: 4 })),
  h('button', { type: 'submit', class: 'primary' }, t('demands.new')));
  const items = result.items ?? result;
  clear(main, h('h1', {}, t('demands.title')),
    table([
      { label: t('common.title'), cell: (d) => link(`/demands/${d.id}`, d.title ?? d.terms?.title) },
      { label: t('common.status'), cell: (d) => v('DemandStatus', d.status) },
      { label: t('demands.deadline'), cell: (d) => day(d.deadline ?? d.terms?.deadline) },
    ], items),
    result.total !== undefined ? pager(result, (p) => navigate(`/demands?page=${p}`)) : null,
    section(t('demands.new'), f));
}

export async function demandDetail(main, { id, navigate, query: q }) {
  const d = await get(`/api/demands/${encodeURIComponent(id)}`);
  const matchesBox = h('div', {}, t('common.loading'));
  const notice = h('div');
  const mine = d.ownerOrganisationId === session().user.organisationId;
  const close = mine && d.status === 'Open' ? h('button', { type: 'button', onclick: async () => {
    try { await post(`/api/demands/${encodeURIComponent(id)}/close`, { reason: null }); navigate(`/demands/${encodeURIComponent(id)}`, true); } catch (error) { clear(notice, errorBanner(error)); }
  } }, t('demands.close')) : null;
  clear(main, h('h1', {}, d.terms.title), notice,
    section(t('common.details'), dl([
      ['ID', d.id], [t('common.status'), v('DemandStatus', d.status)], ['IPC', d.terms.ipcCodes.join('; ')],
      [t('demands.budgetMin'), yuan(d.terms.budgetMin)], [t('demands.budgetMax'), yuan(d.terms.budgetMax)],
      [t('demands.dealKinds'), d.terms.dealKinds.map((k) => v('DealKind', k)).join('、')], [t('demands.deadline'), day(d.terms.deadline)],
    ]), h('p', {}, d.terms.description), close),
    section(t('demands.matches'), matchesBox));
  const showMatches = async (p) => {
    try {
      clear(matchesBox, ...matchTable(await get(`/api/demands/${encodeURIComponent(id)}/matches${query({ page: p, limit: 10 })}`), 'listing',
        (next) => navigate(`/demands/${encodeURIComponent(id)}?page=${next}`)));
    } catch (error) { clear(matchesBox, errorBanner(error)); }
  };
  await showMatches(Number(q?.page ?? 1));
}

export async function offers(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const [negotiations, deals] = await Promise.all([
    get('/api/offers/negotiations?pageSize=100'),
    get(`/api/deals${query({ page, pageSize: 10 })}`).catch(() => null),
  ]);
  const mine = localPage(negotiations, Number(q.np ?? 1), 10);
  clear(main, h('h1', {}, t('offers.title')),
    section(t('offers.title'),
      table([
        { label: t('common.title'), cell: (n) => link(`/offers/${n.id}`, n.listingTitle) },
        { label: t('common.status'), cell: (n) => v('NegotiationStatus', n.status) },
        { label: t('offers.price'), cell: (n) => yuan(n.price), class: 'num' },
        { label: t('offers.by'), cell: (n) => n.offeredBy },
        { label: t('offers.expiresAt'), cell: (n) => when(n.expiresAt) },
      ], mine.items),
      pager(mine, (p) => navigate(`/offers${query({ np: p, page })}`))),
    deals ? section(t('offers.deals'),
      table([
        { label: t('deal.id'), cell: (d) => d.dealId },
        { label: t('auctions.listingId'), cell: (d) => link(`/listings/${d.listingId}`, d.listingId) },
        { label: t('common.price'), cell: (d) => yuan(d.price), class: 'num' },
        { label: t('listings.tradingMode'), cell: (d) => v('TradingMode', d.tradingMode) },
        { label: t('common.status'), cell: (d) => d.status },
        { label: t('audit.at'), cell: (d) => when(d.struckAt) },
      ], deals.items),
      pager(deals, (p) => navigate(`/offers${query({ np: q.np, page: p })}`))) : null);
}

export async function negotiation(main, { id, navigate }) {
  const me = session().user;
  const n = await get(`/api/offers/negotiations/${encodeURIComponent(id)}`);
  const mySide = me.organisationId === n.buyerOrganisationId ? 'Buyer' : me.organisationId === n.sellerOrganisationId ? 'Seller' : null;
  const notice = h('div');
  const reload = () => navigate(`/offers/${id}`, true);
  const parts = [];
  if (n.status === 'Open' && mySide && n.turn === mySide) {
    const counter = form(async (el) => {
      const x = values(el);
      if (await submit(el, () => post(`/api/offers/negotiations/${id}/counter-offers`, { price: num(x.price), note: opt(x.note) }))) reload();
    }, h('div', { class: 'grid' },
      field(t('offers.price'), 'price', input({ type: 'number', step: '0.01' })),
      field(t('offers.note'), 'note', input())),
    h('div', { class: 'toolbar' },
      h('button', { type: 'submit' }, t('offers.counter')),
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        try { await post(`/api/offers/negotiations/${id}/acceptance`); reload(); } catch (error) { clear(notice, errorBanner(error)); }
      } }, t('offers.accept'))));
    parts.push(section(t('offers.counter'), counter));
  }
  if (n.status === 'Open' && mySide) {
    parts.push(h('button', { type: 'button', onclick: async () => {
      try { await post(`/api/offers/negotiations/${id}/rejection`, { reason: '—' }); reload(); } catch (error) { clear(notice, errorBanner(error)); }
    } }, t('offers.reject')));
  }
  clear(main, h('h1', {}, n.listingTitle, ' ', h('span', { class: 'badge' }, v('NegotiationStatus', n.status))), notice,
    section(t('common.details'), dl([
      ['ID', n.id], [t('listings.askingPrice'), yuan(n.askingPrice)], [t('deal.buyer'), n.buyerOrganisationName],
      [t('offers.turn'), n.turn ?? '—'], n.dealId ? [t('deal.id'), n.dealId] : null, n.endReason ? [t('common.status'), n.endReason] : null,
    ])),
    section(t('offers.title'), table([
      { label: '#', cell: (o) => o.number },
      { label: t('offers.by'), cell: (o) => o.by },
      { label: t('offers.price'), cell: (o) => yuan(o.price), class: 'num' },
      { label: t('offers.note'), cell: (o) => o.note ?? '' },
      { label: t('audit.at'), cell: (o) => when(o.at) },
    ], n.offers)),
    parts);
}

// 竞争性谈判: sealed offers until the deadline, then the seller picks one (or none).
async function competitionsOf(l, canOpen, navigate) {
  const rounds = await get(`/api/offers/competitions${query({ listingId: l.id })}`);
  const parts = [table([
    { label: 'ID', cell: (c) => link(`/competitions/${c.id}`, c.id) },
    { label: t('common.status'), cell: (c) => v('CompetitionStatus', c.status) },
    { label: t('offers.deadline'), cell: (c) => when(c.deadline) },
  ], rounds)];
  if (canOpen && l.status === 'Public') {
    parts.push(form(async (el) => {
      const x = values(el);
      const hours = num(x.deadline);
      const opened = await submit(el, () => post('/api/offers/competitions', {
        listingId: l.id, deadline: hours === null ? null : new Date(Date.now() + hours * 3600000).toISOString(), minimumPrice: num(x.minimumPrice) }));
      if (opened) navigate(`/competitions/${opened.id}`);
    }, h('div', { class: 'grid' },
      field(t('offers.deadlineHours'), 'deadline', input({ type: 'number', value: 72, min: 0.1, step: 'any' })),
      field(t('offers.minimumPrice'), 'minimumPrice', input({ type: 'number', step: '0.01' }))),
    h('button', { type: 'submit', class: 'primary' }, t('offers.openCompetition'))));
  }
  return parts;
}

export async function competition(main, { id, navigate }) {
  const me = session().user;
  const c = await get(`/api/offers/competitions/${encodeURIComponent(id)}`);
  const seller = me.organisationId === c.sellerOrganisationId;
  const open = c.status === 'Open' && Date.parse(c.deadline) > Date.now();
  const reload = () => navigate(`/competitions/${encodeURIComponent(id)}`, true);
  const parts = [];
  if (me.role === 'enterprise' && open) {
    const mine = c.offers.find((o) => o.bidderOrganisationId === me.organisationId);
    parts.push(section(t('offers.sealed'), form(async (el) => {
      const x = values(el);
      if (await submit(el, () => api(`/api/offers/competitions/${encodeURIComponent(id)}/offers/mine`, { method: 'PUT', body: { price: num(x.price), note: opt(x.note) }, ifMatch: `"${c.version}"` }))) reload();
    }, h('div', { class: 'grid' },
      field(t('offers.price'), 'price', input({ type: 'number', step: '0.01', value: mine?.price ?? '' })),
      field(t('offers.note'), 'note', input({ value: mine?.note ?? '' }))),
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, t('offers.submitSealed')),
      mine ? h('button', { type: 'button', onclick: async () => { await api(`/api/offers/competitions/${encodeURIComponent(id)}/offers/mine`, { method: 'DELETE' }); reload(); } }, t('offers.withdrawSealed')) : null))));
  }
  if ((seller || me.role === 'exchange') && c.status === 'Open' && !open && c.offers.length) {
    parts.push(section(t('offers.award'), form(async (el) => {
      if (await submit(el, () => post(`/api/offers/competitions/${encodeURIComponent(id)}/award`, { bidderOrganisationId: values(el).bidderOrganisationId }))) reload();
    }, field(t('deal.buyer'), 'bidderOrganisationId', select(c.offers.map((o) => o.bidderOrganisationId), {}, (org) => {
      const o = c.offers.find((x) => x.bidderOrganisationId === org); return `${o.bidderOrganisationName} · ${yuan(o.price)}`; })),
    h('button', { type: 'submit', class: 'primary' }, t('offers.award')))));
  }
  clear(main, h('h1', {}, c.listingTitle, ' ', h('span', { class: 'badge' }, v('CompetitionStatus', c.status))),
    section(t('common.details'), dl([
      ['ID', c.id], [t('listings.askingPrice'), yuan(c.askingPrice)], [t('offers.minimumPrice'), yuan(c.minimumPrice)],
      [t('offers.deadline'), when(c.deadline)], [t('offers.sealedCount'), c.offersSealed ? t('offers.sealedHidden') : String(c.offerCount ?? c.offers.length)],
      c.awardedTo ? [t('deal.buyer'), `${c.awardedTo} · ${yuan(c.awardedPrice)}`] : null, c.endReason ? [t('common.status'), c.endReason] : null,
    ])),
    section(t('offers.title'), table([
      { label: t('deal.buyer'), cell: (o) => o.bidderOrganisationName },
      { label: t('offers.price'), cell: (o) => yuan(o.price), class: 'num' },
      { label: t('offers.note'), cell: (o) => o.note ?? '' },
      { label: t('audit.at'), cell: (o) => when(o.at) },
    ], c.offers)),
    parts);
}
