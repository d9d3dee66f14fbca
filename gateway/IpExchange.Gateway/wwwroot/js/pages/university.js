// University pages: my patents (register, import several), my listings, the listing guide, payments received.
import { t, v, hint, options } from '../i18n.js';
import { get, post, put, query, ApiError } from '../api.js';
import { headline, fieldSentences, problemFields } from '../problems.js';
import {
  h, clear, form, field, input, textarea, select, submit, values, num, list, opt, table, pager, link, section, banner,
  yuan, day, today, badge, errorBanner, button,
} from '../ui.js';

// The import's columns by the API's field names, for the line's errors.
const fieldLabel = (name) => t({ number: 'patents.number', type: 'patents.type', title: 'patents.titleField', ipcCodes: 'patents.ipc', filingDate: 'patents.filingDate',
  grantDate: 'patents.grantDate', inventors: 'patents.inventors', claimsCount: 'patents.claims', abstract: 'patents.abstract', legalStatus: 'patents.legalStatus' }[name.replace(/\[\d+\]$/, '')] ?? 'common.value');

// The import lines may name the type in Chinese, as people write it.
const patentTypes = { 发明: 'Invention', 实用新型: 'UtilityModel', 外观设计: 'Design' };

function patentRequest(x) {
  return {
    number: x.number, title: x.title, titleEn: opt(x.titleEn), abstract: x.abstract, abstractEn: opt(x.abstractEn), ipcCodes: list(x.ipcCodes),
    locarnoClass: opt(x.locarnoClass), type: opt(patentTypes[x.type] ?? x.type), filingDate: opt(x.filingDate), grantDate: opt(x.grantDate), legalStatus: opt(x.legalStatus),
    inventors: list(x.inventors), claimsCount: num(x.claimsCount),
  };
}

export async function patents(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const listBox = h('div', {}, t('common.loading'));
  const notice = h('div');

  async function load() {
    const result = await get(`/api/patents${query({ page, pageSize: 10 })}`);
    clear(listBox,
      table([
        { label: t('patents.number'), cell: (p) => p.id },
        { label: t('patents.titleField'), cell: (p) => p.title },
        { label: t('patents.type'), cell: (p) => v('PatentType', p.type) },
        { label: 'IPC', cell: (p) => (p.locarnoClass ? t('match.locarno', { code: p.locarnoClass }) : p.ipcCodes.join('; ')) },
        { label: t('patents.legalStatus'), cell: (p) => [v('LegalStatus', p.legalStatus), p.pledged ? h('span', { class: 'badge' }, t('patents.pledged')) : null] },
        { label: t('patents.expires'), cell: (p) => day(p.expiresOn) },
      ], result.items),
      pager(result, (p) => navigate(`/patents?page=${p}`)));
  }

  const register = form(async (el) => {
    const created = await submit(el, () => post('/api/patents', patentRequest(values(el))));
    if (created) {
      clear(notice, banner('ok', t('patents.registered', { id: created.id })));
      el.reset();
      await load();
    }
  },
  h('div', { class: 'grid' },
    field(t('patents.number'), 'number', input({ placeholder: '202310123456.6' })),
    field(t('patents.type'), 'type', select(options('PatentType'), {}, (x) => v('PatentType', x), '—')),
    field(t('patents.titleField'), 'title', input()),
    field(t('patents.titleEn'), 'titleEn', input()),
    field(t('patents.ipc'), 'ipcCodes', input({ placeholder: 'B61L 27/04, H02M 7/48' })),
    field(t('patents.locarno'), 'locarnoClass', input({ placeholder: '12-08' })),
    field(t('patents.legalStatus'), 'legalStatus', select(options('LegalStatus'), { value: 'Valid' }, (x) => v('LegalStatus', x))),
    field(t('patents.filingDate'), 'filingDate', input({ type: 'date' })),
    field(t('patents.grantDate'), 'grantDate', input({ type: 'date' })),
    field(t('patents.inventors'), 'inventors', input()),
    field(t('patents.claims'), 'claimsCount', input({ type: 'number', min: 0 }))),
  field(t('patents.abstract'), 'abstract', textarea()),
  field(t('patents.abstractEn'), 'abstractEn', textarea()),
  h('button', { type: 'submit', class: 'primary' }, t('patents.register')));

  const results = h('ul', { class: 'import-results' });
  const importForm = form(async (el) => {
    const lines = values(el).lines.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    clear(results);
    for (const [i, line] of lines.entries()) {
      const [number, type, title, ipc, filingDate, grantDate, inventors, claims, abstract] = line.split('|').map((x) => x?.trim() ?? '');
      const row = h('li', {}, `${t('patents.importRow', { n: i + 1 })} ${number}: …`);
      results.append(row);
      try {
        await post('/api/patents', patentRequest({ number, type, title, ipcCodes: ipc, filingDate, grantDate, inventors, claimsCount: claims,
          abstract: abstract || title, legalStatus: grantDate ? 'Valid' : 'Pending' }));
        clear(row, `${t('patents.importRow', { n: i + 1 })} ${number}: ✓ ${t('patents.importOk')}`);
        row.className = 'ok';
      } catch (error) {
        const details = error instanceof ApiError ? problemFields(error.problem).map((k) => `${fieldLabel(k)}：${fieldSentences(error.problem, k).join('；')}`).join('；') : '';
        clear(row, `${t('patents.importRow', { n: i + 1 })} ${number}: ✗ ${details || (error instanceof ApiError ? headline(error.problem, error.status) : t('common.error'))}`);
        row.className = 'failed';
      }
    }
    await load();
  },
  field(t('patents.import'), 'lines', textarea({ rows: 5, placeholder: 'ZL202310123456.6|发明|…|B61L 27/04|2023-03-01|2024-05-10|张三,李四|8|…' }), t('patents.importHelp')),
  h('button', { type: 'submit' }, t('patents.importRun')), results);

  clear(main, h('h1', {}, t('patents.title')), notice,
    section(t('patents.title'), listBox),
    h('div', { class: 'columns' },
      section(t('patents.register'), register),
      section(t('patents.import'), importForm)));
  await load();
}

const ALL_STATUSES = ['Draft', 'Submitted', 'Rejected', 'Public', 'Reserved', 'Sold', 'Withdrawn', 'Expired'];

export async function myListings(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const status = q.status ? [q.status] : ALL_STATUSES;
  const result = await get(`/api/listings${query({ owner: 'mine', status, page, pageSize: 10 })}`);
  const filter = select(ALL_STATUSES, { value: q.status ?? '', 'aria-label': t('common.status') }, (x) => v('ListingStatus', x), t('common.all'));
  filter.addEventListener('change', () => navigate(`/listings/mine${query({ status: filter.value })}`));
  clear(main, h('h1', {}, t('listings.title')),
    h('div', { class: 'toolbar' }, filter, link('/listings/new', t('listings.new'))),
    table([
      { label: t('common.title'), cell: (l) => link(`/listings/${l.id}`, l.title) },
      { label: t('common.status'), cell: (l) => badge('ListingStatus', l.status) },
      { label: t('listings.dealKind'), cell: (l) => v('DealKind', l.dealKind) },
      { label: t('listings.pricingMethod'), cell: (l) => v('PricingMethod', l.pricingMethod) },
      { label: t('listings.askingPrice'), cell: (l) => yuan(l.askingPrice), class: 'num' },
      { label: t('listings.period'), cell: (l) => `${day(l.listedFrom)} – ${day(l.listedUntil)}` },
    ], result.items),
    pager(result, (p) => navigate(`/listings/mine${query({ status: q.status, page: p })}`)));
}

const LICENCES = ['ExclusiveLicence', 'SoleLicence', 'NonExclusiveLicence', 'OpenLicence'];

// Which trading modes go with a pricing method and deal kind (the service's rules, so the form offers only valid ones).
function modesFor(pricing, kind) {
  if (pricing === 'Auction' || pricing === 'OnlineBidding') return ['Bidding'];
  if (kind === 'OpenLicence') return ['ListingTransfer'];
  return ['Negotiated', 'ListingTransfer', 'Directed', 'Alliance'];
}

export async function listingForm(main, { id, navigate }) {
  const existing = id ? await get(`/api/listings/${encodeURIComponent(id)}`, { withEtag: true }) : null;
  const l = existing?.body;
  const mine = await get(`/api/patents${query({ pageSize: 100 })}`);
  const chosen = new Set(l?.patentIds ?? []);
  const patentDetails = new Map();

  const patentsBox = h('div', { class: 'checks' }, mine.items.length ? mine.items.map((p) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'patentIds', value: p.id, checked: chosen.has(p.id), disabled: p.legalStatus !== 'Valid' }),
    ` ${p.title} (${p.id}, ${v('LegalStatus', p.legalStatus)})`)) : h('p', { class: 'empty' }, t('common.none'), ' ', link('/patents', t('patents.register'))));

  const kindBox = h('div', { class: 'choices' }, options('DealKind').map((k) => h('label', { class: 'choice' },
    h('input', { type: 'radio', name: 'dealKind', value: k, checked: (l?.dealKind ?? 'Assignment') === k }),
    h('strong', {}, v('DealKind', k)), h('span', { class: 'help' }, hint('DealKind', k)))));
  const pricing = select(options('PricingMethod'), { value: l?.pricingMethod ?? 'Negotiated' }, (x) => v('PricingMethod', x));
  const pricingHint = h('div', { class: 'help' });
  const mode = select([], {});
  const modeHint = h('div', { class: 'help' });
  const valuation = h('div', { class: 'valuation', 'data-test': 'valuation' }, t('listings.valuationNeed'));

  const conditional = {
    reservePrice: field(t('listings.reservePrice'), 'reservePrice', input({ type: 'number', step: '0.01', value: l?.reservePrice ?? '' })),
    openLicenceFee: field(t('listings.openLicenceFee'), 'openLicenceFee', input({ type: 'number', step: '0.01', value: l?.openLicenceFee ?? '' })),
    openLicenceTerms: field(t('listings.openLicenceTerms'), 'openLicenceTerms', textarea({ value: l?.openLicenceTerms ?? '' })),
    appraisal: h('fieldset', { class: 'field', dataset: { field: 'appraisal' } }, h('legend', {}, v('PricingMethod', 'Appraisal')),
      h('div', { class: 'grid' },
        field(t('listings.appraiser'), 'appraisal.appraiser', input({ value: l?.appraisal?.appraiser ?? '' })),
        field(t('listings.reportNumber'), 'appraisal.reportNumber', input({ value: l?.appraisal?.reportNumber ?? '' })),
        field(t('listings.appraisalValue'), 'appraisal.value', input({ type: 'number', step: '0.01', value: l?.appraisal?.value ?? '' })),
        field(t('listings.appraisalDate'), 'appraisal.date', input({ type: 'date', value: l?.appraisal?.date ?? '' }))),
      h('div', { class: 'field-error' })),
    licence: h('fieldset', { class: 'field', dataset: { field: 'licence' } }, h('legend', {}, t('licence.title')),
      h('p', { class: 'help' }, t('licence.help')),
      h('div', { class: 'grid' },
        field(t('licence.termMonths'), 'licence.termMonths', input({ type: 'number', min: 1, max: 240, value: l?.licence?.termMonths ?? 60 })),
        field(t('licence.territory'), 'licence.territory', input({ value: l?.licence?.territory ?? '中华人民共和国境内' })),
        field(t('licence.fieldOfUse'), 'licence.fieldOfUse', input({ value: l?.licence?.fieldOfUse ?? '不限' })),
        field(t('licence.royaltyRatePct'), 'licence.royaltyRate', input({ type: 'number', step: '0.01', min: 0, max: 50,
          value: l?.licence?.royaltyRate ? +(l.licence.royaltyRate * 100).toFixed(4) : '' })),
        field(t('licence.minimumAnnualRoyalty'), 'licence.minimumAnnualRoyalty', input({ type: 'number', step: '0.01', min: 0, value: l?.licence?.minimumAnnualRoyalty ?? '' })),
        h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'licence.sublicensingAllowed', value: 'yes', checked: l?.licence?.sublicensingAllowed ?? false }),
          ' ', t('licence.sublicensing')))),
    directedToOrganisationId: field(t('listings.directedTo'), 'directedToOrganisationId', input({ value: l?.directedToOrganisationId ?? '', placeholder: 'org-xtrail' })),
    allianceId: field(t('listings.allianceId'), 'allianceId', input({ value: l?.allianceId ?? '' })),
    allianceMemberIds: field(t('listings.allianceMembers'), 'allianceMemberIds', input()),
  };

  const f = form(async (el) => {
    const x = values(el);
    const body = {
      title: x.title, titleEn: opt(x.titleEn), summary: x.summary, patentIds: x.patentIds ?? [],
      dealKind: opt(x.dealKind), pricingMethod: opt(x.pricingMethod), tradingMode: opt(x.tradingMode),
      askingPrice: num(x.askingPrice), reservePrice: num(x.reservePrice), openLicenceFee: num(x.openLicenceFee),
      openLicenceTerms: opt(x.openLicenceTerms), listedFrom: opt(x.listedFrom), listedUntil: opt(x.listedUntil),
      appraisal: x.pricingMethod === 'Appraisal' || x.dealKind === 'EquityContribution' ? { appraiser: opt(x['appraisal.appraiser']), reportNumber: opt(x['appraisal.reportNumber']),
        value: num(x['appraisal.value']), date: opt(x['appraisal.date']) } : null,
      licence: LICENCES.includes(x.dealKind) ? {
        termMonths: num(x['licence.termMonths']), territory: opt(x['licence.territory']), fieldOfUse: opt(x['licence.fieldOfUse']),
        sublicensingAllowed: (x['licence.sublicensingAllowed'] ?? []).length > 0,
        royaltyRate: num(x['licence.royaltyRate']) === null ? null : Math.round(num(x['licence.royaltyRate']) * 100) / 10000,
        minimumAnnualRoyalty: num(x['licence.minimumAnnualRoyalty']),
      } : null,
      directedToOrganisationId: opt(x.directedToOrganisationId), allianceId: opt(x.allianceId), allianceMemberIds: list(x.allianceMemberIds),
      keywords: list(x.keywords),
    };
    const andSubmit = el.dataset.intent === 'submit';
    const saved = await submit(el, async () => {
      const result = l ? await put(`/api/listings/${encodeURIComponent(l.id)}`, body, { ifMatch: existing.etag }) : await post('/api/listings', body);
      if (andSubmit) await post(`/api/listings/${encodeURIComponent(result.id)}/submit`);
      return result;
    });
    if (saved) navigate(`/listings/${saved.id}`);
  },
  section(t('listings.step1'), field(t('listings.patents'), 'patentIds', patentsBox)),
  section(t('listings.step2'), field(t('listings.dealKind'), 'dealKind', kindBox), conditional.licence),
  section(t('listings.step3'),
    h('div', { class: 'grid' },
      field(t('listings.pricingMethod'), 'pricingMethod', pricing, pricingHint),
      field(t('listings.tradingMode'), 'tradingMode', mode, modeHint)),
    conditional.appraisal, conditional.directedToOrganisationId, conditional.allianceId, conditional.allianceMemberIds),
  section(t('listings.step4'),
    h('div', { class: 'grid' },
      field(t('common.title'), 'title', input({ value: l?.title ?? '' })),
      field(t('patents.titleEn'), 'titleEn', input({ value: l?.titleEn ?? '' })),
      field(t('listings.askingPrice'), 'askingPrice', input({ type: 'number', step: '0.01', min: 0, value: l?.askingPrice ?? '' })),
      conditional.reservePrice, conditional.openLicenceFee,
      field(t('listings.listedFrom'), 'listedFrom', input({ type: 'date', value: l?.listedFrom ?? today() })),
      field(t('listings.listedUntil'), 'listedUntil', input({ type: 'date', value: l?.listedUntil ?? today(90) }))),
    conditional.openLicenceTerms,
    field(t('listings.summary'), 'summary', textarea({ rows: 4, value: l?.summary ?? '' })),
    field(t('listings.keywords'), 'keywords', input({ value: (l?.keywords ?? []).join(', '), placeholder: '硬质合金, cemented carbide' })),
    h('div', { class: 'valuation-box' }, h('h3', {}, t('listings.valuation')), valuation)),
  h('div', { class: 'toolbar' },
    h('button', { type: 'submit', onclick: (e) => { e.target.form.dataset.intent = 'draft'; } }, t('listings.saveDraft')),
    h('button', { type: 'submit', class: 'primary', onclick: (e) => { e.target.form.dataset.intent = 'submit'; } }, t('listings.saveSubmit'))));

  const kind = () => f.querySelector('input[name=dealKind]:checked')?.value;
  function refresh() {
    const modes = modesFor(pricing.value, kind());
    const current = mode.value || l?.tradingMode;
    clear(mode, modes.map((m) => h('option', { value: m, selected: m === current }, v('TradingMode', m))));
    pricingHint.textContent = hint('PricingMethod', pricing.value);
    modeHint.textContent = modes.length === 1 && modes[0] === 'Bidding' ? t('listings.modeHint.bidding') : '';
    const show = (el, on) => { el.hidden = !on; el.querySelectorAll('input,textarea,select').forEach((i) => { i.disabled = !on; }); };
    show(conditional.reservePrice, pricing.value === 'Auction' || pricing.value === 'OnlineBidding');
    show(conditional.appraisal, pricing.value === 'Appraisal' || kind() === 'EquityContribution');
    show(conditional.licence, LICENCES.includes(kind()));
    show(conditional.openLicenceFee, kind() === 'OpenLicence');
    show(conditional.openLicenceTerms, kind() === 'OpenLicence');
    show(conditional.directedToOrganisationId, mode.value === 'Directed');
    show(conditional.allianceId, mode.value === 'Alliance');
    show(conditional.allianceMemberIds, mode.value === 'Alliance');
    guidance();
  }

  let guidanceRun = 0;
  async function guidance() {
    const run = ++guidanceRun;
    const ids = [...f.querySelectorAll('input[name=patentIds]:checked')].map((i) => i.value);
    if (!ids.length || !kind()) { valuation.textContent = t('listings.valuationNeed'); return; }
    try {
      if (!patentDetails.has(ids[0])) patentDetails.set(ids[0], await get(`/api/patents/${encodeURIComponent(ids[0])}`));
      const p = patentDetails.get(ids[0]);
      const years = Math.max(0, Math.min(20, (Date.parse(p.expiresOn) - Date.now()) / (365.25 * 86400000)));
      const result = await post('/api/valuations', { ipcCode: p.ipcCodes[0], dealKind: kind(), patentType: p.type,
        remainingTermYears: Math.round(years * 10) / 10, claimsCount: Math.max(1, p.claimsCount) });
      if (run !== guidanceRun) return;
      const e = result.estimate;
      valuation.textContent = e.mid === null || e.mid === undefined ? t('listings.valuationNone')
        : t('listings.valuationRange', { n: e.comparables, low: yuan(e.low), high: yuan(e.high), mid: yuan(e.mid), c: t(`valuation.confidence.${e.confidenceLevel}`) });
    } catch (error) {
      if (run === guidanceRun) clear(valuation, t('listings.valuationNone'));
    }
  }

  f.addEventListener('change', (e) => { if (e.target.name !== 'title' && e.target.name !== 'summary') refresh(); });
  clear(main, h('h1', {}, l ? `${t('listings.form')}: ${l.title}` : t('listings.form')), f);
  refresh();
}

export async function payments(main, { query: q, navigate }) {
  const page = Number(q.page ?? 1);
  const result = await get(`/api/agreements${query({ page, pageSize: 10 })}`);
  const me = (await import('../api.js')).session().user.organisationId;
  const rows = [];
  for (const a of result.items.filter((x) => x.sellerOrganisationId === me && (x.status === 'Effective' || x.status === 'Completed'))) {
    const detail = await get(`/api/agreements/${encodeURIComponent(a.id)}`);
    for (const m of detail.milestones) rows.push({ agreement: detail, milestone: m });
  }
  clear(main, h('h1', {}, t('payments.title')),
    table([
      { label: t('agreements.title'), cell: (r) => link(`/agreements/${r.agreement.id}`, r.agreement.listingTitle) },
      { label: t('agreements.buyer'), cell: (r) => r.agreement.buyer.name },
      { label: t('agreements.milestone'), cell: (r) => r.milestone.name },
      { label: t('payments.expected'), cell: (r) => yuan(r.milestone.amount), class: 'num' },
      { label: t('payments.received'), cell: (r) => yuan(r.milestone.paid), class: 'num' },
      { label: t('agreements.due'), cell: (r) => day(r.milestone.dueOn) },
    ], rows),
    pager(result, (p) => navigate(`/payments?page=${p}`)));
}

export { errorBanner, button };
