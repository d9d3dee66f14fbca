// The auction room: live price and bids (polled every second with If-None-Match), the countdown
// from the server's end time and clock (soft close moves it), registration and bids; scheduling for staff.
import { t, v } from '../i18n.js';
import { get, post, session, serverNow, query } from '../api.js';
import {
  h, clear, form, field, input, submit, values, num, table, link, section, banner, yuan, when, dl, errorBanner, pager, confirmAction,
} from '../ui.js';

const TABS = ['Running', 'Scheduled', 'Closed'];

/** 拍卖公告: the auctions by state (running, upcoming with registration open, ended with their result), each linked to its room and listing. */
export async function index(main, { query: q, navigate }) {
  const status = TABS.includes(q.status) ? q.status : 'Running';
  const page = Number(q.page ?? 1);
  const result = await get(`/api/auctions${query({ status, page, pageSize: 10 })}`);
  const tabs = h('nav', { class: 'tabs', 'aria-label': t('auctions.notices') }, TABS.map((x) => h('a', {
    href: `/auctions?status=${x}`, 'data-link': true, class: x === status ? 'active' : '', 'aria-current': x === status ? 'page' : null, 'data-test': `tab-${x}`,
  }, t(`auctions.tab.${x}`))));
  const parts = [h('h1', {}, t('auctions.notices')), tabs, h('p', { class: 'help' }, t(`auctions.tabHelp.${status}`)),
    table([
      { label: t('auctions.project'), cell: (a) => link(`/auctions/${a.auctionId}`, a.listingTitle) },
      { label: t('listings.dealKind'), cell: (a) => v('DealKind', a.dealKind) },
      { label: t('auctions.startingPrice'), cell: (a) => yuan(a.startingPrice), class: 'num' },
      { label: t('auctions.increment'), cell: (a) => yuan(a.increment), class: 'num' },
      { label: t('auctions.deposit'), cell: (a) => yuan(a.deposit), class: 'num' },
      { label: status === 'Closed' ? t('auctions.endedAt') : t('auctions.window'), cell: (a) => (status === 'Closed' ? when(a.closedAt) : `${when(a.startsAt)} – ${when(a.endsAt)}`) },
      { label: t('auctions.announcement'), cell: (a) => (a.announcedAt ? `${when(a.announcedAt)} – ${when(a.startsAt)}` : '') },
      { label: t('auctions.registrationDeadline'), cell: (a) => (a.registrationDeadline ? when(a.registrationDeadline) : t('auctions.registrationUntilEnd')) },
      { label: t('auctions.bidderCount'), cell: (a) => a.bidders, class: 'num' },
      { label: status === 'Closed' ? t('auctions.outcome') : t('common.status'), cell: (a) => (a.outcome
        ? h('span', { class: `badge badge-${a.outcome === 'Won' ? 'public' : 'rejected'}` }, v('AuctionOutcome', a.outcome), a.price ? ` ${yuan(a.price)}` : '')
        : h('span', { class: 'badge badge-public' }, v('AuctionStatus', a.status))) },
    ], result.items, t('auctions.noneInTab')),
    pager(result, (p) => navigate(`/auctions${query({ status, page: p })}`))];
  if (session().user.role === 'exchange') {
    parts.push(section(t('auctions.schedule'), h('p', {}, t('auctions.scheduleHelp'), ' ', link('/market?pricingMethod=Auction', v('PricingMethod', 'Auction')), ' · ',
      link('/market?pricingMethod=OnlineBidding', v('PricingMethod', 'OnlineBidding')))));
  }
  clear(main, ...parts);
}

/** A listing's auctions, for its page: each links to its room. */
export async function ofListing(listingId) {
  const result = await get(`/api/auctions${query({ listingId, pageSize: 10 })}`);
  if (!result.items.length) return h('p', { class: 'empty' }, t('auctions.noneForListing'));
  return h('ul', { class: 'auction-links' }, result.items.map((a) => h('li', {},
    link(`/auctions/${a.auctionId}`, t('auctions.enter'), ' · ', a.outcome ? v('AuctionOutcome', a.outcome) : v('AuctionStatus', a.status)),
    h('span', { class: 'help' }, ` ${when(a.startsAt)} – ${when(a.endsAt)} · ${t('auctions.startingPrice')} ${yuan(a.startingPrice)} · ${t('auctions.deposit')} ${yuan(a.deposit)}`))));
}

/** The exchange's form to schedule an auction for a public listing; times are entered as minutes from now. */
export function scheduleForm(listing, navigate) {
  return form(async (el) => {
    const x = values(el);
    // Times are minutes from now; the announcement (公告) is now, and its period lasts until the start.
    const now = serverNow();
    const starts = new Date(now + (num(x.startsAt) ?? 0) * 60000);
    const minutes = num(x.endsAt);
    const ends = minutes === null ? null : new Date(starts.getTime() + minutes * 60000);
    const deadline = num(x.registrationDeadline);
    const created = await submit(el, () => post('/api/auctions', {
      listingId: listing.id, startsAt: starts.toISOString(), endsAt: ends?.toISOString() ?? null,
      registrationDeadline: deadline === null ? null : new Date(now + deadline * 60000).toISOString(),
      startingPrice: num(x.startingPrice), increment: num(x.increment), deposit: num(x.deposit),
      softCloseWindowSeconds: num(x.softCloseWindowSeconds), softCloseExtensionSeconds: num(x.softCloseExtensionSeconds),
    }));
    if (created) navigate(`/auctions/${created.id}`);
  },
  h('div', { class: 'grid' },
    field(t('auctions.startingPrice'), 'startingPrice', input({ type: 'number', step: '0.01', value: listing.askingPrice })),
    field(t('auctions.increment'), 'increment', input({ type: 'number', step: '0.01', value: Math.max(1000, Math.round(listing.askingPrice * 0.02)) })),
    field(t('auctions.deposit'), 'deposit', input({ type: 'number', step: '0.01', value: Math.round(listing.askingPrice * 0.1) })),
    field(t('auctions.startsInMin'), 'startsAt', input({ type: 'number', value: 0, min: 0, step: 'any' })),
    field(t('auctions.durationMin'), 'endsAt', input({ type: "number", value: 60, min: 0.1, step: "any" })),
    field(t('auctions.deadlineMin'), 'registrationDeadline', input({ type: 'number', min: 0, step: 'any' })),
    field(t('auctions.softWindow'), 'softCloseWindowSeconds', input({ type: 'number', value: 300 })),
    field(t('auctions.softExtension'), 'softCloseExtensionSeconds', input({ type: 'number', value: 300 }))),
  h('button', { type: 'submit', class: 'primary' }, t('auctions.schedule')));
}

/** 竞买号 N, with the bidder's name when this viewer may know it. */
function paddle(n, name) { return name ? `${t('auctions.paddleN', { n })}（${name}）` : t('auctions.paddleN', { n }); }

function remaining(ms) {
  if (ms <= 0) return '00:00';
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const ss = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

export async function room(main, { id }) {
  const me = session().user;
  let { body: auction, etag } = await get(`/api/auctions/${encodeURIComponent(id)}`, { withEtag: true });
  const firstEnd = auction.endsAt;
  const notice = h('div');
  const head = h('div', { class: 'auction-head' });
  const clock = h('div', { class: 'countdown', 'data-test': 'countdown', 'aria-live': 'off' });
  const bids = h('div');
  const controls = h('div');

  const amount = input({ type: 'number', step: '0.01', 'data-test': 'bid-amount' });
  const bidForm = form(async (el) => {
    if (!await confirmAction(t('auctions.confirmBid'), t('auctions.confirmBidText', { amount: yuan(num(amount.value)), title: auction.listingTitle }))) return;
    const placed = await submit(el, () => post(`/api/auctions/${encodeURIComponent(id)}/bids`, { amount: num(amount.value) }));
    if (placed) { auction = placed; etag = null; amount.value = ''; draw(); }
  }, field(t('auctions.amount'), 'amount', amount), h('button', { type: 'submit', class: 'primary', 'data-test': 'bid' }, t('auctions.bid')));
  const depositRef = input({ 'data-test': 'deposit-ref' });
  const registerForm = form(async (el) => {
    const done = await submit(el, () => post(`/api/auctions/${encodeURIComponent(id)}/registrations`, { depositReference: depositRef.value.trim() || null }));
    if (done) { auction = done; etag = null; draw(); }
  }, h('p', { class: 'help' }, t('auctions.depositHelp', { deposit: yuan(auction.deposit) })),
  field(t('auctions.depositRef'), 'depositReference', depositRef), h('button', { type: 'submit', class: 'primary', 'data-test': 'register' }, t('auctions.register')));

  function draw() {
    const open = auction.status === 'Scheduled' || auction.status === 'Running';
    clear(head,
      h('h1', {}, auction.listingTitle, ' ', h('span', { class: `badge badge-${open ? 'public' : 'sold'}`, 'data-test': 'auction-status' }, v('AuctionStatus', auction.status))),
      h('div', { class: 'figures' },
        h('div', { class: 'figure' }, h('span', { class: 'label' }, t('auctions.current')), h('strong', { 'data-test': 'current-price' }, yuan(auction.currentPrice))),
        open ? h('div', { class: 'figure' }, h('span', { class: 'label' }, t('auctions.minNext')), h('strong', {}, yuan(auction.minimumNextBid))) : null,
        h('div', { class: 'figure' }, h('span', { class: 'label' }, t('auctions.countdown')), clock)),
      dl([
        [t('auctions.id'), auction.id], [t('auctions.listingId'), link(`/listings/${auction.listingId}`, auction.listingId)],
        [t('auctions.startingPrice'), yuan(auction.startingPrice)], [t('auctions.increment'), yuan(auction.increment)],
        [t('auctions.deposit'), yuan(auction.deposit)],
        auction.announcedAt ? [t('auctions.announcement'), `${when(auction.announcedAt)} – ${when(auction.startsAt)}`] : null,
        [t('auctions.registrationDeadline'), h('span', { 'data-test': 'registration-deadline' },
          auction.registrationDeadline ? when(auction.registrationDeadline) : t('auctions.registrationUntilEnd'))],
        auction.reservePrice !== null && auction.reservePrice !== undefined ? [t('auctions.reserve'), yuan(auction.reservePrice)] : null,
        [t('auctions.endsAt'), [when(auction.endsAt), auction.endsAt !== firstEnd ? h('span', { class: 'badge' }, t('auctions.extended')) : null]],
        [t('auctions.softClose', { w: auction.softCloseWindowSeconds, e: auction.softCloseExtensionSeconds }), ''],
        auction.outcome ? [t('auctions.outcome'), h('strong', { 'data-test': 'outcome' }, v('AuctionOutcome', auction.outcome))] : null,
        auction.winnerPaddle ? [t('auctions.winner'), h('strong', { 'data-test': 'winner' }, paddle(auction.winnerPaddle, auction.winner))] : null,
        auction.price !== null && auction.price !== undefined ? [t('auctions.finalPrice'), yuan(auction.price)] : null,
      ]),
      me.role === 'enterprise' && auction.myPaddle ? h('p', { class: 'my-state', 'data-test': 'my-state' },
        h('span', { class: 'badge' }, t('auctions.myPaddle', { n: auction.myPaddle })), ' ',
        open && auction.bids.some((b) => b.mine) ? h('span', { class: `badge badge-${auction.leading ? 'public' : 'rejected'}`, 'data-test': 'leading' },
          auction.leading ? t('auctions.leading') : t('auctions.outbid')) : null) : null,
      auction.status === 'Closed' ? banner(auction.outcome === 'Won' ? 'ok' : 'info', h('span', { 'data-test': 'next-steps' }, nextSteps())) : null);
    clear(bids, table([
      { label: '#', cell: (b) => b.number },
      { label: t('auctions.paddle'), cell: (b) => (b.mine ? h('strong', {}, paddle(b.paddle, null), ' ', t('auctions.me')) : paddle(b.paddle, b.bidder)) },
      { label: t('auctions.amount'), cell: (b) => yuan(b.amount), class: 'num' },
      { label: t('audit.at'), cell: (b) => when(b.at) },
    ], [...auction.bids].reverse()));
    if (me.role === 'enterprise' && open) {
      if (!amount.value) amount.placeholder = String(auction.minimumNextBid);
      clear(controls, auction.registered
        ? [h('p', { class: 'ok' }, '✓ ', t('auctions.registered')), bidForm]
        : registrationOpen() ? registerForm
          : h('p', { class: 'empty', 'data-test': 'registration-closed' }, t('auctions.registrationClosed', { deadline: when(auction.registrationDeadline) })));
    } else clear(controls);
    tick();
  }

  // 报名截止: the server's word when the room was read, and its clock since, so a deadline passing while the room is open closes the form.
  function registrationOpen() {
    if (auction.registrationOpen === false) return false;
    return !auction.registrationDeadline || serverNow() <= Date.parse(auction.registrationDeadline);
  }

  // What happens after the close, for whoever reads it.
  function nextSteps() {
    if (auction.outcome !== 'Won') return t('auctions.next.failed');
    if (me.role === 'enterprise' && auction.myPaddle === auction.winnerPaddle) return [t('auctions.next.won'), ' ', link('/agreements', t('nav.agreements'))];
    if (me.role === 'enterprise' && auction.myPaddle) return t('auctions.next.lost');
    if (auction.seller) return [t('auctions.next.seller'), ' ', link('/agreements', t('nav.agreements'))];
    return t('auctions.next.exchange');
  }

  function tick() {
    const left = Date.parse(auction.endsAt) - serverNow();
    const open = auction.status === 'Scheduled' || auction.status === 'Running';
    clock.textContent = open ? (left > 0 ? remaining(left) : t('auctions.ended')) : t('auctions.ended');
    clock.classList.toggle('closing', auction.status === 'Running' && left < auction.softCloseWindowSeconds * 1000);
  }

  let stopped = false;
  async function poll() {
    if (stopped) return;
    try {
      const next = await get(`/api/auctions/${encodeURIComponent(id)}`, { withEtag: true, etag });
      if (!next.notModified && (next.etag !== etag || !etag)) { auction = next.body; etag = next.etag; draw(); }
      if (notice.firstChild?.classList?.contains('banner-error')) clear(notice);
    } catch (error) { clear(notice, errorBanner(error)); }
    if (!stopped) timer = setTimeout(poll, 1000);
  }

  clear(main, head, notice, h('div', { class: 'columns' }, section(t('auctions.bids'), bids), h('div', {}, controls)),
    h('p', { class: 'help' }, '● ', t('auctions.live')));
  draw();
  let timer = setTimeout(poll, 1000);
  const ticker = setInterval(tick, 250);
  return () => { stopped = true; clearTimeout(timer); clearInterval(ticker); };
}

export { banner };
