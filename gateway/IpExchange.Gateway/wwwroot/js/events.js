// The record of a deal as sentences: each fact of the audit timeline (an integration event, or one of
// Monitoring's own findings) and each alert is told in the reader's language from its data, so no
// event type, stream name or rule code reaches the page.
import { language, v } from './i18n.js';
import { get } from './api.js';

const zh = () => language() !== 'en';
const money = (x) => (x === null || x === undefined ? '—' : new Intl.NumberFormat(zh() ? 'zh-CN' : 'en-US', { style: 'currency', currency: 'CNY' }).format(x));
const date = (x) => (x ? String(x).slice(0, 10) : '—');
const percent = (x) => `${(Number(x) * 100).toFixed(1)}%`;

const names = new Map();

/**
 * Organisation names for ids, fetched once each (exchange staff may read any member; others get a
 * neutral word for an organisation they may not look up). Never the id itself.
 */
export async function organisationNames(ids, me) {
  await Promise.all([...new Set(ids.filter(Boolean))].filter((id) => !names.has(id)).map(async (id) => {
    if (id === me?.organisationId) { names.set(id, me.organisationName); return; }
    if (me?.role !== 'exchange') return;
    try { names.set(id, (await get(`/api/organisations/${encodeURIComponent(id)}`)).legalName); } catch { /* stays unnamed */ }
  }));
}

/** The name of an organisation already looked up, else a neutral word ("a member"). */
export function organisationName(id) {
  return names.get(id) ?? (zh() ? '会员单位' : 'a member');
}

/** Every organisation id an event's data names (for organisationNames before rendering). */
export function organisationsIn(data) {
  return Object.entries(data ?? {}).filter(([k, x]) => /OrganisationId$/.test(k) && typeof x === 'string').map(([, x]) => x);
}

const org = (id) => organisationName(id);

// eventType → (data) → [中文, English]
const facts = {
  ListingSubmitted: () => ['权利人提交挂牌，等待交易中心审核', 'The owner submitted the listing for review'],
  ListingRejected: (d) => [`交易中心驳回挂牌${d.reasons?.length ? `：${d.reasons.join('；')}` : ''}`, `The exchange rejected the listing${d.reasons?.length ? `: ${d.reasons.join('; ')}` : ''}`],
  ListingPublished: () => ['交易中心审核通过，挂牌公示', 'The exchange approved the listing: it is public'],
  ListingLeftReview: (d) => ({
    Withdrawn: ['权利人在审核期间撤回挂牌', 'The owner withdrew the listing during review'],
    Expired: ['挂牌期在审核通过前届满', 'The listing period ended before the listing was approved'],
    ReturnedToDraft: ['权利人修改被驳回的挂牌，退回草稿', 'The owner edited the rejected listing: a draft again'],
  }[d.how] ?? ['挂牌退出审核', 'The listing left the review']),
  ListingWithdrawn: () => ['权利人撤回挂牌', 'The owner withdrew the listing'],
  ListingExpired: () => ['挂牌期届满', 'The listing period ended'],
  ListingReserved: (d) => [`挂牌为与${org(d.buyerOrganisationId)}的交易锁定`, `The listing is held for the deal with ${org(d.buyerOrganisationId)}`],
  ListingLicensed: (d) => [`许可给${org(d.licenseeOrganisationId)}（第 ${d.licenceCount} 家被许可方）`, `Licensed to ${org(d.licenseeOrganisationId)} (licensee no. ${d.licenceCount})`],
  ListingSold: (d) => [`挂牌项目已转让给${org(d.buyerOrganisationId)}`, `The listing was sold to ${org(d.buyerOrganisationId)}`],
  ListingReopened: () => ['交易未成，挂牌重新公示', 'The deal failed: the listing is public again'],
  DealRefused: () => ['成交未被接受：挂牌已被另一笔交易锁定', 'The deal was refused: another deal holds the listing'],
  DealStruck: (d) => [`${org(d.sellerOrganisationId)}与${org(d.buyerOrganisationId)}成交，${v('DealKind', d.dealKind)}，价款 ${money(d.price)}`,
    `${org(d.sellerOrganisationId)} and ${org(d.buyerOrganisationId)} struck a deal (${v('DealKind', d.dealKind)}) at ${money(d.price)}`],
  AgreementDrafted: () => ['按成交条件起草合同，等待双方签署', 'The agreement was drafted from the deal, awaiting signatures'],
  AgreementSigned: (d) => [`${org(d.organisationId)}签署合同${d.bothSigned ? '，双方签署完毕' : ''}`, `${org(d.organisationId)} signed the agreement${d.bothSigned ? ': both parties have signed' : ''}`],
  AgreementAmended: (d) => [`双方确认合同变更，价款 ${money(d.price)}，需重新签署`, `Both parties agreed an amendment (price ${money(d.price)}): to be signed again`],
  AgreementRecorded: (d) => [`交易中心登记合同，登记号 ${d.recordNumber}`, `The exchange recorded the agreement as ${d.recordNumber}`],
  PaymentReceived: (d) => [`收到付款 ${money(d.amount)}，尚余 ${money(d.outstanding)}`, `Payment of ${money(d.amount)} received, ${money(d.outstanding)} outstanding`],
  PaymentOverdue: (d) => [`应于 ${date(d.dueOn)} 支付的 ${money(d.amountDue)} 逾期未付`, `${money(d.amountDue)} due on ${date(d.dueOn)} is overdue`],
  RoyaltyReported: (d) => [`被许可方报告第 ${d.period} 许可年度销售额 ${money(d.sales)}，提成费 ${money(d.royalty)}`, `Licence year ${d.period}: sales of ${money(d.sales)} reported, royalty ${money(d.royalty)}`],
  RoyaltyPaid: (d) => [`支付第 ${d.period} 许可年度提成费 ${money(d.amount)}，尚余 ${money(d.outstanding)}`, `Royalty of ${money(d.amount)} paid for licence year ${d.period}, ${money(d.outstanding)} outstanding`],
  RoyaltyOverdue: (d) => [`第 ${d.period} 许可年度提成费于 ${date(d.dueOn)} 到期未付清`, `Licence year ${d.period}'s royalty was not paid by ${date(d.dueOn)}`],
  TransferRegistered: (d) => [`专利权转移登记完成，通知书编号 ${d.noticeNumber}`, `The patent office registered the transfer (notice ${d.noticeNumber})`],
  ContractCompleted: () => ['交割完成', 'The deal is completed'],
  ContractCancelled: (d) => [`合同解除${d.reason ? `：${d.reason}` : ''}`, `The agreement was cancelled${d.reason ? `: ${d.reason}` : ''}`],
  AuctionBidAccepted: (d) => [`${org(d.bidderOrganisationId)}出价 ${money(d.amount)}`, `${org(d.bidderOrganisationId)} bid ${money(d.amount)}`],
  AuctionEnded: (d) => (d.outcome === 'Won'
    ? [`拍卖成交：${org(d.winnerOrganisationId)}以 ${money(d.price)} 竞得（共 ${d.bids} 次出价）`, `Auction won by ${org(d.winnerOrganisationId)} at ${money(d.price)} (${d.bids} bids)`]
    : [`拍卖流拍：${v('AuctionOutcome', d.outcome)}`, `The auction failed: ${v('AuctionOutcome', d.outcome)}`]),
  AuctionDepositReleased: (d) => [`退还${org(d.organisationId)}的保证金 ${money(d.amount)}`, `The deposit of ${money(d.amount)} was released to ${org(d.organisationId)}`],
  StrongMatchFound: () => ['发现与该挂牌高度匹配的企业需求', 'A strongly matching demand was found'],
  // The Listing service's own record of a listing (its history page).
  ListingDrafted: () => ['权利人起草挂牌', 'The owner drafted the listing'],
  ListingEdited: () => ['权利人修改挂牌条件', 'The owner edited the terms'],
  ListingApproved: () => ['交易中心审核通过，挂牌公示', 'The exchange approved the listing: it is public'],
  ListingWithdrawnByOwner: () => ['权利人撤回挂牌', 'The owner withdrew the listing'],
  ListingReservedForDeal: (d) => [`与${org(d.buyerOrganisationId)}成交，挂牌锁定（${money(d.price)}）`, `Held for the deal with ${org(d.buyerOrganisationId)} (${money(d.price)})`],
  ListingLicenceGranted: (d) => [`许可给${org(d.licenseeOrganisationId)}（${money(d.price)}）`, `Licensed to ${org(d.licenseeOrganisationId)} (${money(d.price)})`],
  ListingSoldToBuyer: (d) => [`交割完成，挂牌项目归${org(d.buyerOrganisationId)}`, `Sold to ${org(d.buyerOrganisationId)}`],
  ListingReservationReleased: () => ['交易未成，解除锁定，挂牌重新公示', 'The deal failed: the listing is public again'],
  ListingPeriodEnded: () => ['挂牌期届满', 'The listing period ended'],
  DealRefusedForListing: () => ['另一笔成交因挂牌已锁定而未被接受', 'Another deal was refused: the listing was held'],
  DealCompletedBeforeReservation: () => ['交易完成的消息先于锁定到达，已按完成处理', 'The deal completed before its hold arrived'],
  DealCancelledBeforeReservation: () => ['交易解除的消息先于锁定到达，挂牌保持公示', 'The deal was cancelled before its hold arrived'],
  // The Contract service's own record of an agreement (its evidence).
  AgreementDraftedFromDeal: () => ['按成交条件起草合同', 'The agreement was drafted from the deal'],
  AgreementSignedByParty: (d) => [`${d.organisationName ?? org(d.organisationId)}签署合同`, `${d.organisationName ?? org(d.organisationId)} signed`],
  AmendmentProposed: () => ['一方提出合同变更', 'A party proposed an amendment'],
  AmendmentAccepted: () => ['对方接受合同变更，需重新签署', 'The amendment was accepted: to be signed again'],
  AgreementRecordedByExchange: (d) => [`交易中心登记合同${d.recordNumber ? `，登记号 ${d.recordNumber}` : ''}`, `The exchange recorded the agreement${d.recordNumber ? ` as ${d.recordNumber}` : ''}`],
  MilestonePaid: (d) => [`付款 ${money(d.amount)}`, `Paid ${money(d.amount)}`],
  MilestoneFellOverdue: (d) => [`应于 ${date(d.dueOn)} 支付的 ${money(d.amountDue)} 逾期未付`, `${money(d.amountDue)} due on ${date(d.dueOn)} is overdue`],
  PatentOfficeRegistrationRecorded: () => ['记录专利局的著录项目变更通知', 'The patent office\'s registration notice was recorded'],
  AgreementStepTaken: (d) => [`完成履行步骤：${v('AgreementStep', d.step)}`, `Step done: ${v('AgreementStep', d.step)}`],
  AgreementStepFellOverdue: (d) => [`履行步骤逾期：${v('AgreementStep', d.step)}`, `Step overdue: ${v('AgreementStep', d.step)}`],
  LicenceTermEnded: () => ['许可期限届满', 'The licence term ended'],
  RoyaltySalesReported: () => ['被许可方报告年度销售额', 'The licensee reported the year\'s sales'],
  RoyaltyPaidForPeriod: (d) => [`支付第 ${d.period} 许可年度提成费 ${money(d.amount)}`, `Royalty of ${money(d.amount)} paid for licence year ${d.period}`],
  RoyaltyFellOverdue: () => ['提成费逾期未付', 'A royalty is overdue'],
  AgreementFulfilled: () => ['合同履行完毕，交割完成', 'The agreement is fulfilled'],
  CancellationRequested: () => ['一方申请解除合同', 'A party asked to cancel the agreement'],
  AgreementCancelled: (d) => [`合同解除${d.reason ? `：${d.reason}` : ''}`, `The agreement was cancelled${d.reason ? `: ${d.reason}` : ''}`],
  DealRefusedBeforeDrafting: () => ['成交未被接受，未起草合同', 'The deal was refused before drafting'],
  DealStuck: (d) => [`交易在“${v('DealStage', d.stage)}”阶段超过期限（${date(d.deadline)}）未推进`, `The deal is stuck at "${v('DealStage', d.stage)}" past its deadline (${date(d.deadline)})`],
  DealAwaitingListing: () => ['成交信息先于挂牌信息到达，等待挂牌信息', 'The deal arrived before its listing: waiting for the listing'],
  AlertRaised: (d) => [`触发预警：${alertName(d.rule)}`, `Alert raised: ${alertName(d.rule)}`],
  AlertAcknowledged: (d) => [`${d.userName ?? '交易中心'}确认预警`, `${d.userName ?? 'The exchange'} acknowledged the alert`],
  AlertResolved: (d) => [`${d.userName ?? '交易中心'}处理完毕：${d.resolution ?? ''}`, `${d.userName ?? 'The exchange'} resolved the alert: ${d.resolution ?? ''}`],
};

/** One fact of the timeline as a sentence. */
export function factSentence(eventType, data) {
  const tell = facts[eventType];
  if (!tell) return zh() ? '其他记录' : 'Another record';
  return tell(data ?? {})[zh() ? 0 : 1];
}

const services = {
  listing: ['挂牌服务', 'Listing service'], matching: ['撮合与竞价服务', 'Matching service'], contract: ['合同服务', 'Contract service'],
  monitoring: ['监测服务', 'Monitoring service'], identity: ['会员服务', 'Identity service'],
};

/** Which service kept a record, in words. */
export function serviceName(service) {
  const pair = services[String(service ?? '').toLowerCase()];
  return pair ? pair[zh() ? 0 : 1] : (zh() ? '平台' : 'Platform');
}

const streamKinds = {
  deal: ['成交', 'Deal'], listing: ['挂牌', 'Listing'], auction: ['拍卖', 'Auction'], alert: ['预警', 'Alert'], agreement: ['合同', 'Agreement'],
};

/** A record's stream as a person reads it: "挂牌 GP2026…", not "listing-GP2026…". */
export function recordName(stream) {
  const m = String(stream ?? '').match(/^([a-z]+)[- ](.+)$/);
  if (!m || !streamKinds[m[1]]) return zh() ? '记录' : 'Record';
  return `${streamKinds[m[1]][zh() ? 0 : 1]} ${m[2]}`;
}

const alertNames = {
  'price-vs-asking': ['成交价偏离挂牌价', 'Price far from the asking price'],
  'price-vs-valuation': ['成交价偏离估价', 'Price far from the valuation'],
  'same-group-bidders': ['同一集团多家单位竞买', 'Bidders of one corporate group'],
  'bid-burst': ['短时间内密集出价', 'A burst of bids'],
  'near-expiry': ['转让专利临近届满', 'Patent near expiry'],
  'pledged-assignment': ['质押专利进入转让', 'A pledged patent in a transfer'],
  'deal-stuck': ['交易超期未推进', 'Deal stuck past its deadline'],
  'message-failed': ['系统消息处理失败', 'A system message failed'],
  'royalty-overdue': ['许可提成逾期', 'Royalty overdue'],
  'pledged-patent-expiring': ['质押专利临近届满', 'Pledged patent near expiry'],
  'pledged-patent-lapsed': ['质押专利失效', 'Pledged patent lapsed'],
};

export function alertName(rule) {
  const pair = alertNames[rule];
  return pair ? pair[zh() ? 0 : 1] : (zh() ? '其他预警' : 'Other alert');
}

export const alertRules = Object.keys(alertNames);

/** What an alert found, from its evidence. */
export function alertSentence(alert) {
  const e = alert.evidence ?? {};
  const pairs = {
    'price-vs-asking': () => [`成交价 ${money(e.price)} 偏离挂牌价 ${money(e.askingPrice)} ${percent(e.deviation)}`, `Price ${money(e.price)} is ${percent(e.deviation)} from the asking price ${money(e.askingPrice)}`],
    'price-vs-valuation': () => [`成交价 ${money(e.price)} 偏离估价 ${money(e.valuation)} ${percent(e.deviation)}（可比成交 ${e.comparables} 笔）`,
      `Price ${money(e.price)} is ${percent(e.deviation)} from the valuation ${money(e.valuation)} (${e.comparables} comparable deals)`],
    'same-group-bidders': () => [`同一集团的 ${(e.organisations ?? []).length} 家单位参与同一拍卖：${(e.organisations ?? []).map(org).join('、')}`,
      `${(e.organisations ?? []).length} organisations of one group bid in one auction: ${(e.organisations ?? []).map(org).join(', ')}`],
    'bid-burst': () => [`${e.bids} 次出价在 ${e.windowSeconds} 秒内`, `${e.bids} bids within ${e.windowSeconds} s`],
    'near-expiry': () => [`转让的专利将于 ${date(e.expiresOn)} 届满，成交后仅剩 ${e.daysLeft} 天`, `The patent expires on ${date(e.expiresOn)}, ${e.daysLeft} days after the deal`],
    'pledged-assignment': () => ['已质押的专利进入转让，须有质权人同意', 'A pledged patent is being assigned: the pledgee must consent'],
    'deal-stuck': () => [`交易在“${v('DealStage', e.stage)}”阶段超过期限（${date(e.deadline)}）未推进`, `Stuck at "${v('DealStage', e.stage)}" past ${date(e.deadline)}`],
    'message-failed': () => ['一条系统消息多次处理失败，已转入错误队列，请通知运维人员', 'A system message failed repeatedly and was set aside: tell the operators'],
    'royalty-overdue': () => (e.amountDue === null || e.amountDue === undefined
      ? [`第 ${e.period} 许可年度的销售额未在 ${date(e.dueOn)} 前报告`, `Licence year ${e.period}: sales not reported by ${date(e.dueOn)}`]
      : [`第 ${e.period} 许可年度提成 ${money(e.amountDue)} 于 ${date(e.dueOn)} 到期未付清`, `Licence year ${e.period}: royalty of ${money(e.amountDue)} not paid in full by ${date(e.dueOn)}`]),
    'pledged-patent-expiring': () => [`质押专利“${e.title}”将于 ${date(e.expiresOn)} 届满，仅剩 ${e.daysLeft} 天，质押担保价值将随之丧失，请贷款银行关注`,
      `The pledged patent "${e.title}" expires on ${date(e.expiresOn)}, in ${e.daysLeft} days: the loan's security ends with it`],
    'pledged-patent-lapsed': () => [`质押专利“${e.title}”法律状态变更，已不再有效，贷款失去相应质押担保，请贷款银行关注`,
      `The pledged patent "${e.title}" is no longer in force: the loan has lost that security`],
  };
  const pair = pairs[alert.rule]?.();
  return pair ? pair[zh() ? 0 : 1] : alertName(alert.rule);
}

/** The organisation ids an alert's evidence names. */
export function organisationsOfAlert(alert) { return [...(alert.evidence?.organisations ?? [])]; }
