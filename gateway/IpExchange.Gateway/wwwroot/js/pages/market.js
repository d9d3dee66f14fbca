// Listings for everyone (search, details and the actions each role has on them), demands with their
// matches, and negotiated offers.
import { t, v, options, language } from '../i18n.js';
import { get, post, query, session, api } from '../api.js';
import { factSentence, organisationNames, organisationName } from '../events.js';
import {
  h, clear, form, field, input, textarea, select, submit, values, num, list, opt, table, pager, link, section, banner,
  yuan, day, when, today, badge, dl, localPage, errorBanner, confirmAction,
} from '../ui.js';

// The eight IPC sections by their names, for the market's technical-field filter.
const IPC_SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
const SORTS = ['Relevance', 'Newest', 'PriceLowToHigh', 'PriceHighToLow'];

/** The words of a query, to mark where they occur in a title or summary. */
function queryWords(text) { return (text ?? '').split(/[\s,，;；/]+/).map((w) => w.trim()).filter((w) => w.length >= 2); }

/** Text with each occurrence of the words in <mark> (built as nodes: the text is never parsed as HTML). */
export function highlight(text, words) {
  if (!words.length || !text) return text;
  const lower = text.toLowerCase();
  const parts = [];
  let at = 0;
  while (at < text.length) {
    let best = -1;
    let length = 0;
    for (const w of words) {
      const i = lower.indexOf(w.toLowerCase(), at);
      if (i >= 0 && (best < 0 || i < best || (i === best && w.length > length))) { best = i; length = w.length; }
    }
    if (best < 0) break;
    if (best > at) parts.push(text.slice(at, best));
    parts.push(h('mark', {}, text.slice(best, best + length)));
    at = best + length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

export async function search(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const f = form((el) => {
    const x = values(el);
    navigate(`/market${query({ q: x.q, ipc: x.ipc || x.ipcSection, dealKind: x.dealKind, tradingMode: x.tradingMode, pricingMethod: x.pricingMethod,
      region: x.region, minPrice: x.minPrice, maxPrice: x.maxPrice, sort: x.sort === 'Relevance' ? '' : x.sort })}`);
  },
  h('div', { class: 'grid filters' },
    field(t('market.q'), 'q', input({ type: 'search', value: q.q ?? '', placeholder: '轨道交通 / bearing' })),
    field(t('market.ipcSection'), 'ipcSection', select(IPC_SECTIONS, { value: q.ipc?.length === 1 ? q.ipc : '' }, (x) => `${x} ${t(`ipc.${x}`)}`, t('common.all'))),
    field(t('market.ipc'), 'ipc', input({ value: q.ipc?.length > 1 ? q.ipc : '', placeholder: 'B61L / H02M' })),
    field(t('listings.dealKind'), 'dealKind', select(options('DealKind'), { value: q.dealKind ?? '' }, (x) => v('DealKind', x), t('common.all'))),
    field(t('listings.tradingMode'), 'tradingMode', select(options('TradingMode'), { value: q.tradingMode ?? '' }, (x) => v('TradingMode', x), t('common.all'))),
    field(t('listings.pricingMethod'), 'pricingMethod', select(options('PricingMethod'), { value: q.pricingMethod ?? '' }, (x) => v('PricingMethod', x), t('common.all'))),
    field(t('market.region'), 'region', input({ value: q.region ?? '', placeholder: t('market.regionHint') })),
    field(t('market.minPrice'), 'minPrice', input({ type: 'number', value: q.minPrice ?? '' })),
    field(t('market.maxPrice'), 'maxPrice', input({ type: 'number', value: q.maxPrice ?? '' })),
    field(t('market.sort'), 'sort', select(SORTS, { value: q.sort ?? 'Relevance', 'data-test': 'sort' }, (x) => t(`market.sort.${x}`)))),
  h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'primary' }, t('common.search')), link('/market', t('common.reset'))));
  // A changed order applies at once.
  f.querySelector('[name=sort]').addEventListener('change', () => f.requestSubmit());
  const results = h('div', { 'aria-live': 'polite' }, t('common.loading'));
  clear(main, h('h1', {}, t('market.title')), f, results);
  const words = queryWords(q.q);
  try {
    const page$ = await get(`/api/listings${query({ ...q, page, pageSize: 10 })}`);
    clear(results,
      h('p', { class: 'result-count', 'data-test': 'result-count' }, t('market.count', { n: page$.total })),
      h('ul', { class: 'cards' }, page$.items.map((l) => h('li', { class: 'listing-card', dataset: { listing: l.id } },
        h('h3', {}, link(`/listings/${l.id}`, highlight(l.title, words))),
        h('p', { class: 'meta' }, `${l.ownerOrganisationName}${l.region ? ` · ${l.region}` : ''} · ${v('DealKind', l.dealKind)} · ${v('PricingMethod', l.pricingMethod)} · ${v('TradingMode', l.tradingMode)}`),
        h('p', { class: 'summary' }, highlight(l.summary.length > 140 ? `${l.summary.slice(0, 140)}…` : l.summary, words)),
        h('p', { class: 'price' }, yuan(l.askingPrice), ' ', h('span', { class: 'meta' }, l.ipcCodes.slice(0, 3).map((c) => `${c} ${t(`ipc.${c[0]}`)}`).join('; ')))))),
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
    actions.append(h('button', { type: 'button', class: 'primary', onclick: async () => {
      if (await confirmAction(t('review.confirmApprove'), t('review.confirmApproveText', { title: l.title }))) {
        act(post(`/api/listings/${l.id}/approve`), () => t('review.approved', { id: l.id }), () => navigate(`/listings/${l.id}`, true));
      }
    } }, t('review.approve')));
  }
  const extra = [];
  if (me.role === 'exchange' && l.status === 'Public' && (l.pricingMethod === 'Auction' || l.pricingMethod === 'OnlineBidding')) {
    const { scheduleForm } = await import('./auctions.js');
    extra.push(section(t('auctions.schedule'), scheduleForm(l, navigate)));
  }
  if (me.role === 'enterprise' && l.status === 'Public') {
    if (['ListingTransfer', 'Directed'].includes(l.tradingMode) && l.pricingMethod !== 'Auction' && l.pricingMethod !== 'OnlineBidding') {
      actions.append(h('button', { type: 'button', class: 'primary', 'data-test': 'accept', onclick: async () => {
        if (await confirmAction(t('market.confirmAccept'), t('market.confirmAcceptText', { title: l.title, price: yuan(l.openLicenceFee ?? l.askingPrice) }))) {
          act(post('/api/offers/accept', { listingId: l.id }), (r) => [t('market.accepted', { id: r.dealId }), ' ', t('market.acceptedNext'), ' ', link('/agreements', t('nav.agreements'))]);
        }
      } }, t('market.accept')));
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
  if (l.pricingMethod === 'Auction' || l.pricingMethod === 'OnlineBidding') {
    const { ofListing } = await import('./auctions.js');
    extra.push(section(t('auctions.ofListing'), await ofListing(l.id).catch((error) => errorBanner(error))));
  }

  if (l.pricingMethod === 'CompetitiveNegotiation' && ['Public', 'Reserved', 'Sold'].includes(l.status)) {
    extra.push(section(t('offers.competitions'), await competitionsOf(l, owner || me.role === 'exchange', navigate)));
  }
  const historyBox = h('div');
  if (owner || me.role === 'exchange') {
    get(`/api/listings/${encodeURIComponent(id)}/history`).then(async (hist) => {
      await organisationNames(hist.events.flatMap((e) => [e.organisationId, e.data?.buyerOrganisationId, e.data?.licenseeOrganisationId]), me);
      return hist;
    }).then((hist) => clear(historyBox,
      hist.verification.isIntact ? banner('ok', t('listings.chainOk')) : banner('error', t('listings.chainBroken')),
      table([
        { label: '#', cell: (e) => e.version },
        { label: t('audit.event'), cell: (e) => factSentence(e.event, e.data) },
        { label: t('audit.at'), cell: (e) => when(e.at) },
        { label: t('audit.by'), cell: (e) => (e.organisationId ? organisationName(e.organisationId) : '') },
      ], hist.events))).catch((error) => clear(historyBox, errorBanner(error)));
  }
  // The owner (and the exchange) see the offers made on the listing and the deals it led to.
  const offersBox = h('div');
  if (owner || me.role === 'exchange') {
    Promise.all([get(`/api/offers/negotiations${query({ listingId: id, pageSize: 100 })}`), get(`/api/deals${query({ listingId: id, pageSize: 20 })}`)])
      .then(async ([negotiations, deals]) => {
        await organisationNames(deals.items.map((d) => d.buyerOrganisationId), me);
        return [negotiations, deals];
      })
      .then(([negotiations, deals]) => clear(offersBox,
        table([
          { label: t('offers.title'), cell: (n) => link(`/offers/${n.id}`, n.id) },
          { label: t('common.status'), cell: (n) => v('NegotiationStatus', n.status) },
          { label: t('offers.price'), cell: (n) => yuan(n.price), class: 'num' },
          { label: t('offers.by'), cell: (n) => (n.offeredBy ? v('OfferSide', n.offeredBy) : '') },
        ], negotiations),
        h('h3', {}, t('offers.deals')),
        table([
          { label: t('deal.id'), cell: (d) => d.dealId },
          { label: t('deal.buyer'), cell: (d) => organisationName(d.buyerOrganisationId) },
          { label: t('common.price'), cell: (d) => yuan(d.price), class: 'num' },
          { label: t('common.status'), cell: (d) => v('DealStatus', d.status) },
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

  // The big-data valuation's range for the first patent and the deal kind, as a reference beside the asking price.
  const valuationBox = h('p', { 'data-test': 'valuation' }, t('common.loading'));
  const first = l.patents?.[0];
  if (first && l.status === 'Public') {
    const years = Math.max(0, Math.min(20, (Date.parse(first.expiresOn) - Date.now()) / (365.25 * 86400000)));
    post('/api/valuations', { ipcCode: first.ipcCodes[0] ?? null, dealKind: l.dealKind, patentType: first.type, remainingTermYears: Math.round(years * 10) / 10, claimsCount: Math.max(1, first.claimsCount) })
      .then((r) => { const e = r.estimate; valuationBox.textContent = e.mid === null || e.mid === undefined ? t('listings.valuationNone')
        : t('listings.valuationRange', { n: e.comparables, low: yuan(e.low), high: yuan(e.high), mid: yuan(e.mid), c: t(`valuation.confidence.${e.confidenceLevel}`) }); })
      .catch(() => { valuationBox.textContent = t('listings.valuationNone'); });
  }
  clear(main,
    h('h1', {}, l.title, ' ', badge('ListingStatus', l.status)), notice,
    section(t('common.details'), dl([
      [t('listings.number'), l.id], [t('listings.owner'), l.ownerOrganisationName],
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
    l.patents?.length ? section(t('listings.patentFacts'), patentFacts(l)) : null,
    l.patents?.length && l.status === 'Public' ? section(t('listings.guidance'), valuationBox) : null,
    section(t('listings.notice'), h('ol', { class: 'notice' }, ['listings.notice1', 'listings.notice2', 'listings.notice3', 'listings.notice4'].map((k) => h('li', {}, t(k)))),
      // 项目联系人: the exchange's officer assigned at the review; a listing approved before contacts were recorded gets the desk.
      l.projectContact
        ? h('p', { class: 'help', 'data-test': 'project-contact' }, t('listings.projectContact', {
          name: l.projectContact.name, phone: l.projectContact.phone ?? '—', email: l.projectContact.email ?? '—', id: l.id,
        }))
        : h('p', { class: 'help' }, t('listings.contact', { id: l.id }))),
    extra,
    owner || me.role === 'exchange' ? section(t('offers.title'), offersBox) : null,
    owner && l.status === 'Public' ? section(t('listings.demandsFor'), demandsBox) : null,
    owner || me.role === 'exchange' ? section(t('listings.history'), historyBox) : null);
}

/** The listing's patents as the exchange approved them: type, IPC with its section's name, dates, remaining term, claims, pledge. */
function patentFacts(l) {
  const lang = language();
  const remaining = (iso) => {
    const months = Math.floor((Date.parse(iso) - Date.now()) / (30.44 * 86400000));
    return months <= 0 ? t('listings.expired') : t('listings.remainingYm', { y: Math.floor(months / 12), m: months % 12 });
  };
  return h('div', { 'data-test': 'patents' }, l.patents.map((p) => h('div', { class: 'patent' },
    h('h3', {}, lang === 'en' && p.titleEn ? p.titleEn : p.title),
    dl([
      [t('patents.number'), p.patentId], [t('patents.type'), v('PatentType', p.type)],
      p.type === 'Design' ? [t('patents.locarno'), p.locarnoClass ?? '—'] : ['IPC', p.ipcCodes.map((c) => `${c}（${t(`ipc.${c[0]}`)}）`).join('；')],
      [t('listings.statusAtReview'), v('LegalStatus', 'Valid')],
      [t('patents.filingDate'), day(p.filingDate)], [t('patents.expires'), day(p.expiresOn)], [t('listings.remaining'), remaining(p.expiresOn)],
      p.type === 'Design' ? null : [t('patents.claims'), String(p.claimsCount)],
      p.pledged ? [t('patents.pledged'), t('common.yes')] : null,
    ]),
    (lang === 'en' ? p.abstractEn ?? p.abstract : p.abstract) ? h('p', { class: 'summary' }, lang === 'en' ? p.abstractEn ?? p.abstract : p.abstract) : null)));
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
      [t('common.number'), d.id], [t('common.status'), v('DemandStatus', d.status)], ['IPC', d.terms.ipcCodes.join('; ')],
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
        { label: t('offers.by'), cell: (n) => v('OfferSide', n.offeredBy) },
        { label: t('offers.expiresAt'), cell: (n) => when(n.expiresAt) },
      ], mine.items),
      pager(mine, (p) => navigate(`/offers${query({ np: p, page })}`))),
    deals ? section(t('offers.deals'),
      table([
        { label: t('deal.id'), cell: (d) => d.dealId },
        { label: t('auctions.listingId'), cell: (d) => link(`/listings/${d.listingId}`, d.listingId) },
        { label: t('common.price'), cell: (d) => yuan(d.price), class: 'num' },
        { label: t('listings.tradingMode'), cell: (d) => v('TradingMode', d.tradingMode) },
        { label: t('common.status'), cell: (d) => v('DealStatus', d.status) },
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
      h('button', { type: 'button', class: 'primary', 'data-test': 'accept-offer', onclick: async () => {
        if (!await confirmAction(t('offers.confirmAccept'), t('offers.confirmAcceptText', { price: yuan(n.price) }))) return;
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
      [t('common.number'), n.id], [t('listings.askingPrice'), yuan(n.askingPrice)], [t('deal.buyer'), n.buyerOrganisationName],
      [t('offers.turn'), n.turn ? v('OfferSide', n.turn) : '—'], n.dealId ? [t('deal.id'), n.dealId] : null,
    ])),
    section(t('offers.title'), table([
      { label: '#', cell: (o) => o.number },
      { label: t('offers.by'), cell: (o) => v('OfferSide', o.by) },
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
    { label: t('common.number'), cell: (c) => link(`/competitions/${c.id}`, c.id) },
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
      [t('common.number'), c.id], [t('listings.askingPrice'), yuan(c.askingPrice)], [t('offers.minimumPrice'), yuan(c.minimumPrice)],
      [t('offers.deadline'), when(c.deadline)], [t('offers.sealedCount'), c.offersSealed ? t('offers.sealedHidden') : String(c.offerCount ?? c.offers.length)],
      c.awardedTo ? [t('deal.buyer'), `${c.offers.find((o) => o.bidderOrganisationId === c.awardedTo)?.bidderOrganisationName ?? organisationName(c.awardedTo)} · ${yuan(c.awardedPrice)}`] : null,
    ])),
    section(t('offers.title'), table([
      { label: t('deal.buyer'), cell: (o) => o.bidderOrganisationName },
      { label: t('offers.price'), cell: (o) => yuan(o.price), class: 'num' },
      { label: t('offers.note'), cell: (o) => o.note ?? '' },
      { label: t('audit.at'), cell: (o) => when(o.at) },
    ], c.offers)),
    parts);
}
