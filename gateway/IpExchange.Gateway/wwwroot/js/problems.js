// What the services say when they refuse something, in the reader's language: every problem body
// carries stable codes with their parameters (codes: {field: [{code, ...params}]}, rule: code), and
// this table turns them into sentences. The services' English details are for logs and scripts: a
// person never sees them, nor a code (an unknown code gets a generic sentence for its status).
import { language, moment, v, valueOf } from './i18n.js';

// code → [中文, English]; {name} is a parameter, [ … ] a part left out when a parameter in it is missing.
const sentences = {
  required: ['此项必填', 'This field is required'],
  invalid: ['填写的内容无效', 'This value is not valid'],
  'text.too-long': ['不能超过 {max} 个字符', 'At most {max} characters'],
  'text.too-short': ['至少 {min} 个字符', 'At least {min} characters'],
  'text.control-character': ['含有不允许的控制字符[（{character}）]', 'Contains a control character that is not allowed[ ({character})]'],
  'text.bidi-control': ['含有可能改变文字显示顺序的控制字符[（{character}）]', 'Contains a character that changes the reading direction[ ({character})]'],
  'json.wrong-type': ['格式不对[：应为{expected}]', 'Wrong kind of value[: expected {expected}]'],
  'json.not-allowed-value': ['不是可选的值[：可选 {allowed}]', 'Not one of the choices[: {allowed}]'],
  'json.malformed': ['提交的内容格式有误，请刷新页面后重试', 'The request was garbled: reload the page and try again'],
  'number.out-of-range': ['应在 {min} 至 {max} 之间', 'Must be from {min} to {max}'],
  'number.not-positive': ['应大于 0', 'Must be above zero'],
  'number.negative': ['不能为负数', 'Cannot be negative'],
  'number.too-many-decimals': ['小数位过多[（最多 {decimals} 位）]', 'Too many decimal places[ (at most {decimals})]'],
  'money.too-many-decimals': ['金额以元为单位，最多两位小数', 'Amounts are in yuan with at most two decimal places'],
  'money.too-large': ['金额过大，请核对', 'The amount is too large: check the figure'],
  'money.not-positive': ['金额应大于 0', 'The amount must be above zero'],
  'money.negative': ['金额不能为负数', 'The amount cannot be negative'],
  'list.too-many': ['最多 {max} 项', 'At most {max} allowed'],
  'list.too-few': ['至少 {min} 项', 'Choose at least {min}'],
  'list.duplicate': ['有重复的项', 'An item is repeated'],
  'date.in-past': ['不能早于 {min}', 'Cannot be before {min}'],
  'date.in-future': ['不能晚于 {max}', 'Cannot be after {max}'],
  'date.out-of-range': ['日期应在 {min} 至 {max} 之间', 'The date must be from {min} to {max}'],
  'date.invalid': ['请按“年-月-日”填写日期', 'A date as year-month-day'],
  'body.unsupported-media-type': ['提交的内容格式不受支持，请刷新页面后重试', 'The request format is not supported: reload and try again'],
  'precondition.required': ['页面数据已过期，请刷新后重试', 'This page is out of date: reload and try again'],
  'precondition.malformed': ['页面数据已过期，请刷新后重试', 'This page is out of date: reload and try again'],
  'query.range-reversed': ['区间的上限应不低于下限[ {min}]', 'The upper end must be at or above the lower end[ {min}]'],
  'ipc.invalid': ['IPC 分类号应精确到小类，如 B61C 或 B61C 17/00', 'An IPC symbol down to the subclass, e.g. B61C or B61C 17/00'],
  'locarno.invalid': ['洛迦诺分类号形如 12-08', 'A Locarno class looks like 12-08'],
  'loan.patent-not-owned': ['该专利不在本单位名下[（{patent}）]', 'Not one of your patents[ ({patent})]'],
  'loan.patent-repeated': ['同一专利重复选择', 'The same patent is chosen twice'],
  'loan.patent-already-pledged': ['该专利已经质押[（{patent}）]', 'The patent is already pledged[ ({patent})]'],
  'loan.patent-not-in-force': ['只能质押已授权且有效的专利[（{patent}）]', 'Only granted, valid patents can be pledged[ ({patent})]'],
  'loan.amount-over-cap': ['贷款金额超过上限[ {max} 元]', 'The amount is above the cap[ of {max} yuan]'],
  'loan.over-pledge-rate': ['贷款金额超过评估价值的质押率上限[（最多 {max} 元）]', 'Above the pledge rate of the appraised value[ (at most {max} yuan)]'],
  'loan.wrong-member-kind': ['所选单位类型不符', 'That member is not of the right kind'],
  'loan.fee-over-cap': ['担保费率超过上限', 'The guarantee fee is above the cap'],
  'loan.more-than-asked': ['审批金额不能超过申请金额', 'The bank cannot lend more than was asked for'],
  'loan.wrong-stage': ['贷款当前环节不能进行此操作', 'Not at this stage of the loan'],
  'loan.refused': ['该贷款已被拒绝', 'The loan was refused'],
  'loan.repaid': ['该贷款已结清，质押已解除', 'The loan is repaid and its pledge released'],
  'loan.repayment-exceeds-outstanding': ['还款金额超过未还本息[（{outstanding} 元）]', 'More than is outstanding[ ({outstanding} yuan)]'],
  'loan.nothing-overdue': ['尚无逾期的还款，不能宣布违约', 'Nothing is overdue: no default can be declared'],
  'loan.compensation-already-settled': ['该笔违约的风险补偿已经分担，不能重复申请', 'The risk compensation was settled already'],
  'loan.already-disposed': ['质押专利已经处置', 'The pledge was disposed of already'],
  'loan.notice-before-approval': ['登记日期不能早于银行审批', 'The registration cannot precede the bank\'s approval'],
  'loan.appraisal-outdated': ['评估报告已超过一年有效期[（应不早于 {min}）]，请提供新的评估报告', 'The appraisal report is more than a year old[ (from {min} on)]: give a new one'],
  'disposal.auction-in-marketplace': ['拍卖处置请在贷款页面“质物处置挂牌”，由交易中心组织拍卖，成交价款自动计入', 'A disposal by auction is listed from the loan\'s page (质物处置挂牌): the exchange auctions it and the hammer price is applied'],
  'listing.disposal-assignment-only': ['质物处置只能以转让方式挂牌', 'A pledge is disposed of by assignment only'],
  'listing.disposal-by-auction': ['质物处置挂牌须采用拍卖或网络竞价', 'A pledge disposal is listed for auction or online bidding'],
  'disposal.costs-over-proceeds': ['处置费用不能超过处置价款', 'The costs cannot exceed the proceeds'],
  'rate.too-many-decimals': ['比率小数位过多', 'Too many decimal places in the rate'],
  'email.invalid': ['请填写有效的电子邮箱，如 name@example.com', 'An email address, e.g. name@example.com'],
  'email.taken': ['该邮箱已被其他账号使用', 'Another account uses this email address'],
  'user-name.taken': ['该用户名已被使用', 'This username is taken'],
  'user-name.invalid': ['用户名只能包含字母、数字和 - . _ @', 'A username: letters, digits and - . _ @'],
  'credit-code.length': ['统一社会信用代码为 18 位[（现为 {length} 位）]', 'A unified social credit code has 18 characters[ (this one has {length})]'],
  'credit-code.character': ['统一社会信用代码只能包含数字和除 I、O、S、V、Z 以外的大写字母[（不能有“{character}”）]', 'Only digits and capitals other than I, O, S, V, Z[ (not “{character}”)]'],
  'credit-code.authority': ['第 1 位为登记管理部门代码（1–9、A、N 或 Y）[，不能是“{character}”]', 'The first character is the registration authority (1–9, A, N or Y)[, not “{character}”]'],
  'credit-code.division': ['第 3 至 8 位为行政区划码，应为 6 位数字', 'Characters 3 to 8 are the division code: six digits'],
  'credit-code.organisation-code-check': ['组织机构代码（第 9 至 17 位）有误[：校验位应为 {expected}]', 'The organisation code (characters 9 to 17) is wrong[: its check character is {expected}]'],
  'credit-code.check-character': ['校验位有误[，应为 {expected}]', 'The check character is wrong[: it must be {expected}]'],
  'password.too-short': ['密码太短[，至少 {min} 位]', 'The password is too short[: at least {min} characters]'],
  'password.requires-digit': ['密码须包含数字', 'The password needs a digit'],
  'password.requires-lower': ['密码须包含小写字母', 'The password needs a lower-case letter'],
  'password.requires-upper': ['密码须包含大写字母', 'The password needs a capital letter'],
  'password.requires-non-alphanumeric': ['密码须包含符号', 'The password needs a symbol'],
  'password.requires-unique-chars': ['密码中不同的字符太少', 'The password needs more different characters'],
  'password.mismatch': ['密码不正确', 'The password is not correct'],
  'phone.invalid': ['电话号码只能包含数字和 + - ( ) 空格', 'A telephone number: digits, with + - ( ) and spaces'],
  'contact.name': ['请填写联系人', 'Give a contact person'],
  'contact.email': ['请填写联系邮箱', 'Give a contact email'],
  'contact.phone': ['请填写联系电话', 'Give a telephone number'],
  'appraisal.appraiser': ['请填写评估机构', 'Name the appraiser'],
  'appraisal.value': ['请填写评估值', 'Give the appraised value'],
  'appraisal.date': ['评估日期必填，不能晚于今天，且不早于两年前[（{min} 至 {max}）]', 'The appraisal date is required, not in the future and at most two years old[ ({min} to {max})]'],
  'licence.territory': ['请填写许可地域', 'Give the licence territory'],
  'pledge.pledgee': ['请填写质权人', 'Name the pledgee'],
  // Patents
  'patent.number-invalid': ['申请号格式或校验位有误，如 ZL201910123456.7', 'The application number or its check character is wrong, e.g. ZL201910123456.7'],
  'patent.already-registered': ['专利[ {number}] 已在交易平台登记', 'Patent[ {number}] is already registered on the exchange'],
  'patent.type-mismatch': ['申请号与专利类型不符[：应为{expected}]', 'The number does not match the type[: it is a {expected} number]'],
  'patent.filing-year-mismatch': ['申请日与申请号中的年份不符[（{year} 年）]', 'The filing date does not match the year in the number[ ({year})]'],
  'patent.granted-before-filing': ['授权日不能早于申请日[ {min}]', 'The grant date cannot be before the filing date[ {min}]'],
  'patent.grant-date-required': ['有效专利应填写授权日', 'A valid (granted) patent has a grant date'],
  'patent.not-granted': ['未授权的专利不能设为有效', 'A patent without a grant date cannot be valid'],
  'patent.design-without-ipc': ['外观设计专利没有 IPC 分类号，请填写洛迦诺分类号', 'A design patent has no IPC codes: give its Locarno class'],
  'patent.design-without-claims': ['外观设计专利没有权利要求', 'A design patent has no claims'],
  'patent.locarno-for-designs': ['只有外观设计专利填写洛迦诺分类号', 'Only design patents take a Locarno class'],
  'patent.status-unchanged': ['专利已经是该法律状态[（{status}）]', 'The patent already has this legal status[ ({status})]'],
  'patent.already-pledged': ['该专利已经质押', 'The patent is already pledged'],
  'patent.not-pledged': ['该专利未质押', 'The patent is not pledged'],
  'patent.pledged-before-filing': ['质押日期不能早于申请日[ {min}]', 'A pledge cannot predate the filing[ {min}]'],
  // Listings
  'listing.patent-not-owned': ['所选专利不属于本单位', 'The patent is not registered by your organisation'],
  'listing.patent-not-in-force': ['所选专利不在有效期内或已失效', 'The patent is not in force'],
  'listing.patent-expires-in-period': ['所选专利在挂牌期内届满', 'The patent expires within the listing period'],
  'listing.patent-in-exclusive-listing': ['所选专利已在另一项独占性挂牌中', 'The patent is already in another exclusive listing'],
  'listing.patent-under-open-licence': ['所选专利已作开放许可声明，不能再独占或排他许可、转让', 'The patent is under an open licence: no exclusive deal while it stands'],
  'listing.patent-licensed-exclusively': ['所选专利已有独占或排他许可', 'The patent is already licensed exclusively'],
  'listing.patent-licensed-non-exclusively': ['所选专利已有普通许可，不能再独占许可', 'The patent already has non-exclusive licensees'],
  'listing.pledged-without-consent': ['质押中的专利须经质权人同意才能转让', 'A pledged patent needs the pledgee\'s consent to be assigned'],
  'listing.period-too-long': ['挂牌期最长 {maxDays} 天', 'A listing period is at most {maxDays} days'],
  'listing.period-ends-before-start': ['挂牌截止日应晚于开始日[ {after}]', 'The listing period ends after it starts[ ({after})]'],
  'listing.period-over': ['挂牌期已结束', 'The listing period is over'],
  'listing.bidding-mode-mismatch': ['网络竞价与拍卖竞价只能采用竞价交易', 'Online bidding and auction go with the bidding mode only'],
  'listing.open-licence-mode': ['开放许可按公布的许可费取得，请选择挂牌转让', 'An open licence is taken at its fee: choose listing transfer'],
  'listing.directed-to-self': ['定向交易应指定其他单位', 'A directed deal names another organisation'],
  'listing.reserve-required': ['拍卖竞价须设保留价', 'An auction needs a reserve price'],
  'listing.not-editable': ['只有草稿或被驳回的挂牌可以修改', 'Only a draft or rejected listing can be edited'],
  'listing.not-submittable': ['该挂牌当前[（{status}）]不能提交审核', 'This listing cannot be submitted now[ ({status})]'],
  'listing.not-submitted': ['该挂牌不在待审核状态', 'This listing is not awaiting review'],
  'listing.ended': ['该挂牌已结束[（{status}）]', 'This listing has ended[ ({status})]'],
  'listing.reserved': ['该挂牌正在履行合同，不能撤回', 'The listing is held for an agreement in progress and cannot be withdrawn'],
  // Auctions
  'auction.listing-not-public': ['没有这项公示中的挂牌', 'No public listing with this number'],
  'auction.listing-not-auctioned': ['该挂牌的定价方式[为{pricingMethod}，]不是拍卖或网络竞价', 'The listing is not priced by auction or online bidding[ ({pricingMethod})]'],
  'auction.already-scheduled': ['该挂牌已有未结束的拍卖', 'The listing already has an auction that has not ended'],
  'auction.ends-before-start': ['结束时间应晚于开始时间[（{min} 之后）]', 'The end must be after the start[ ({min})]'],
  'auction.too-long': ['拍卖最长 {maxDays} 天', 'An auction lasts at most {maxDays} days'],
  'auction.announced-after-start': ['公告日期应不晚于拍卖开始时间[（{max}）]', 'The announcement must come before the auction starts[ ({max})]'],
  'auction.registration-deadline-before-announcement': ['报名截止时间应晚于公告日期[（{min} 之后）]', 'The registration deadline must be after the announcement[ ({min})]'],
  'auction.registration-deadline-after-start': ['报名截止时间不得晚于拍卖开始时间[（{max}）]', 'The registration deadline must be no later than the start[ ({max})]'],
  'auction.registration-closed': ['报名已截止[（截止时间 {deadline}）]，不能再报名', 'Registration has closed[ (the deadline was {deadline})]: you can no longer register'],
  'auction.already-registered': ['本单位已报名参加该拍卖', 'Your organisation is already registered'],
  'auction.not-registered': ['请先报名并缴纳保证金，再出价', 'Register and pay the deposit before bidding'],
  'auction.not-started': ['竞价尚未开始[，{startsAt} 开始]', 'Bidding has not started[: it opens at {startsAt}]'],
  'auction.closed': ['拍卖已结束', 'The auction has ended'],
  'auction.seller-cannot-bid': ['权利人不能竞买自己的挂牌', 'The seller cannot bid on its own listing'],
  'bid.below-increment': ['出价低于最低出价[ {minimum}][（当前价 {currentPrice}，加价幅度 {increment}）]', 'The bid is below the minimum bid[ of {minimum}][ (current price {currentPrice}, increment {increment})]'],
  // Offers, negotiations, competitions, demands
  'offer.own-listing': ['不能对本单位的挂牌报价', 'You cannot make offers on your own listing'],
  'offer.listing-unavailable': ['该挂牌当前不接受报价[（{status}）]', 'The listing takes no offers now[ ({status})]'],
  'offer.already-taken': ['已有其他企业先行受让该挂牌', 'Another enterprise took this listing first'],
  'offer.already-licensed': ['本单位已取得该许可', 'Your organisation already holds this licence'],
  'offer.directed-elsewhere': ['该挂牌为定向交易，只向指定单位开放', 'This listing is offered to another organisation only'],
  'offer.not-at-listed-price': ['该挂牌须与权利人协商价格，不能按挂牌价直接受让', 'This listing is negotiated with the seller, not taken at its price'],
  'offer.not-negotiable': ['开放许可按公布的许可费取得，不能协商', 'An open licence is taken at its fee, not negotiated'],
  'offer.not-your-turn': ['上一次报价是本方提出的，请等待对方回应', 'Your side made the last offer: wait for the answer'],
  'offer.lapsed': ['对方的报价已过期[（{expiredAt}）]', 'The last offer has expired[ ({expiredAt})]'],
  'offer.schedule-sum': ['付款节点合计[ {sum}]与报价[ {price}]不一致', 'The milestones[ ({sum})] do not add up to the price[ {price}]'],
  'negotiation.already-open': ['本单位在该挂牌上已有进行中的协商，请在原协商中还价', 'You already negotiate on this listing: counter there'],
  'negotiation.ended': ['协商已结束[（{status}）]', 'The negotiation has ended[ ({status})]'],
  'competition.already-running': ['该挂牌已有进行中的竞争性谈判', 'The listing already has a competitive negotiation running'],
  'competition.not-competitive': ['该挂牌的定价方式不是竞争性谈判', 'The listing is not priced by competitive negotiation'],
  'competition.below-minimum': ['报价低于最低报价[ {minimum}]', 'The offer is below the minimum[ of {minimum}]'],
  'competition.closed': ['报价已截止[（{deadline}）]', 'Offers have closed[ ({deadline})]'],
  'competition.still-open': ['报价截止后才能选定受让方', 'Choose the buyer once offers have closed'],
  'competition.ended': ['竞争性谈判已结束', 'The competitive negotiation has ended'],
  'competition.not-a-bidder': ['请从报价方中选定受让方', 'Choose one of the bidders'],
  'demand.budget-reversed': ['预算上限应不低于下限[ {min}]', 'The budget\'s upper end must be at or above its lower end[ {min}]'],
  'demand.closed': ['该需求已关闭', 'The demand is closed'],
  // Agreements
  'agreement.already-signed': ['双方均已签署当前文本', 'Both parties have already signed the current text'],
  'agreement.signing-deadline-passed': ['签署期限已过[（{deadline}）]', 'The signing deadline has passed[ ({deadline})]'],
  'agreement.stale-hash': ['合同文本已变更，请阅读最新文本后再签署', 'The text has changed: read the current text and sign again'],
  'agreement.hash-malformed': ['合同内容哈希有误，请刷新后重试', 'The content hash is garbled: reload and try again'],
  'agreement.not-signed': ['双方签署后才能进行此操作', 'Both parties must sign first'],
  'agreement.already-recorded': ['合同已登记', 'The agreement is already recorded'],
  'agreement.recorded': ['合同已登记，不能再变更', 'A recorded agreement cannot be amended'],
  'agreement.not-effective': ['合同登记生效后才能进行此操作', 'The agreement must be recorded first'],
  'agreement.ended': ['合同已解除', 'The agreement was cancelled'],
  'agreement.equity-terms-missing': ['请先由被投资方载明增资前后的注册资本，并由出资方接受', 'The investee states the registered capital first, and the contributor accepts it'],
  'agreement.above-appraisal': ['作价金额不能高于评估值', 'The valuation cannot be above the appraised value'],
  'amendment.no-change': ['变更内容与原合同相同', 'The proposal changes nothing'],
  'amendment.not-pending': ['没有待确认的变更', 'No amendment is pending'],
  'amendment.own-proposal': ['变更须由对方确认', 'The other party accepts a proposal'],
  'amendment.royalty-not-licence': ['只有许可合同有提成费', 'Only licences carry a royalty'],
  'amendment.schedule-above-price': ['付款节点合计超过合同价款', 'The milestones add up to more than the price'],
  'equity.capital-not-increased': ['增资后注册资本应高于增资前[ {min}]', 'The capital after must be above the capital before[ {min}]'],
  'equity.capital-above-valuation': ['认缴注册资本不能超过作价金额[ {max}]', 'The subscribed capital cannot exceed the valuation[ {max}]'],
  'cancellation.already-requested': ['已提出解除申请', 'Cancellation was already requested'],
  'document.missing-glyph': ['合同字体缺少部分文字，暂时无法生成 PDF', 'The contract font lacks some characters: no PDF yet'],
  'payment.exceeds-due': ['付款金额超过应付金额', 'The payment is more than is due'],
  'payment.no-cash': ['作价入股以股权为对价，不涉及现金支付', 'An equity contribution is paid in shares, not cash'],
  'payment.no-such-milestone': ['没有这个付款节点', 'No such milestone'],
  'royalty.none': ['该合同没有提成费', 'The agreement carries no royalty'],
  'royalty.period-not-ended': ['许可年度结束后才能报告销售额', 'Report once the licence year has ended'],
  'royalty.already-reported': ['该许可年度已报告', 'This licence year was already reported'],
  'royalty.not-reported': ['请先报告该年度销售额', 'Report the year\'s sales first'],
  'royalty.exceeds-due': ['付款金额超过应付提成费', 'The payment is more than the royalty due'],
  'step.out-of-order': ['请按顺序记录履行步骤', 'Record the steps in order'],
  'step.not-of-this-deal': ['该步骤不属于此类合同', 'This step is not one of this agreement\'s'],
  'step.already-recorded': ['该步骤已记录', 'This step is already recorded'],
  'registration.already-recorded': ['变更登记已记录', 'The registration is already recorded'],
  // Members and alerts
  'member.suspended': ['本单位会员资格已暂停，暂不能交易', 'Your organisation\'s membership is suspended: it cannot trade now'],
  'member.signer-required': ['只有本单位的签约人可以签署合同', 'Only a signer of your organisation signs agreements'],
  'step.before-agreement': ['文件日期不能早于合同起草日[ {min}]', 'The document cannot predate the agreement[ ({min})]'],
  'organisation.credit-code-registered': ['该统一社会信用代码已申请或已是会员', 'This credit code has applied already or is a member'],
  'organisation.exchange-not-suspended': ['交易中心自身不能被暂停', 'The exchange itself cannot be suspended'],
  'organisation.last-administrator': ['单位至少保留一名管理员', 'The last administrator keeps the role'],
  'organisation.not-a-member': ['只有已认证会员可以暂停', 'Only a verified member can be suspended'],
  'organisation.not-applied': ['只有待审核的申请可以认证或驳回', 'Only an application under review can be decided'],
  'organisation.not-suspended': ['只有已暂停的会员可以恢复', 'Only a suspended member can be reinstated'],
  'organisation.nothing-amended': ['没有任何变更', 'Nothing was changed'],
  'organisation.suspended': ['本单位会员资格已暂停', 'Your organisation\'s membership is suspended'],
  'organisation.rejected': ['本单位入会申请未通过', 'Your organisation\'s application was rejected'],
  'organisation.under-review': ['本单位入会申请正在审核中', 'Your organisation\'s application is under review'],
  'alert.resolved': ['该预警已处理', 'The alert is already resolved'],
  'alert.not-raised': ['该预警已确认', 'The alert was already acknowledged'],
};

// Names of what a value should be (json.wrong-type's expected), as the services say it in English.
const kinds = {
  text: ['文字', 'text'], 'true or false': ['是或否', 'yes or no'], 'a date (yyyy-MM-dd)': ['日期', 'a date'],
  'a date and time (ISO 8601 with offset)': ['日期和时间', 'a date and time'], 'an identifier': ['编号', 'an identifier'],
  'a number': ['数字', 'a number'], 'a whole number': ['整数', 'a whole number'], 'a list': ['列表', 'a list'], 'an object': ['一组内容', 'a group of values'],
};

// Parameters that are amounts of money; the others are dates, numbers, domain values or words.
const money = new Set(['minimum', 'currentPrice', 'increment', 'price', 'sum', 'amount', 'valuation']);

const zh = () => language() !== 'en';

// Fields the web UI asks for in percent while the services take fractions (3.65 % is 0.0365): their
// numeric bounds are shown in percent too.
const percentFields = new Set(['feeRate', 'coverage', 'annualRate']);

function format(name, value, code, percent = false) {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.map((x) => format(name, x, code, percent)).filter(Boolean).join(zh() ? '、' : ', ');
  if (percent && typeof value === 'number' && name !== 'decimals') return `${Number((value * 100).toFixed(4)).toLocaleString(zh() ? 'zh-CN' : 'en-US')}%`;
  if (name === 'expected' && code === 'json.wrong-type') return kinds[value]?.[zh() ? 0 : 1] ?? null;
  if (typeof value === 'number' && (money.has(name) || code.startsWith('money.') || (code.startsWith('equity.') && name !== 'decimals'))) {
    return new Intl.NumberFormat(zh() ? 'zh-CN' : 'en-US', { style: 'currency', currency: 'CNY', currencyDisplay: 'narrowSymbol' }).format(value);
  }
  if (typeof value === 'number') return value.toLocaleString(zh() ? 'zh-CN' : 'en-US');
  const text = String(value);
  if (/^\d{4}-\d\d-\d\dT/.test(text)) return moment(text);
  if (/^\d{4}-\d\d-\d\d$/.test(text)) return text;
  const label = valueOf(text);
  if (label) return label;
  // A word we cannot translate is left out rather than shown as the service's English.
  return /^[A-Z][a-z]+[A-Z]/.test(text) || /^[a-z]+[.-][a-z]/.test(text) ? null : text;
}

function fill(template, params, code, percent = false) {
  const put = (text) => text.replace(/\{(\w+)\}/g, (_, name) => format(name, params[name], code, percent) ?? '');
  return template
    .replace(/\[([^\]]*)\]/g, (_, part) => ([...part.matchAll(/\{(\w+)\}/g)].every(([, name]) => format(name, params[name], code, percent) !== null) ? put(part) : ''))
    .replace(/\{(\w+)\}/g, (whole) => put(whole));
}

/** The sentence for one code with its parameters; null when the code is not known here. */
export function sentence(code, params = {}, field = null) {
  const pair = sentences[code];
  return pair ? fill(pair[zh() ? 0 : 1], params, code, percentFields.has(field)) : null;
}

/** What the person reads for a failed call as a whole: the rule's sentence, else one for its status. */
export function headline(problem, status) {
  if (problem?.text) return problem.text;
  const ruleEntry = problem?.rule ? Object.values(problem.codes ?? {}).flat().find((c) => c?.code === problem.rule) : null;
  const ruled = problem?.rule ? sentence(problem.rule, ruleEntry ?? {}) : null;
  if (ruled) return ruled;
  const pair = generic[status] ?? (status >= 500 ? generic[500] : status === 0 ? generic[0] : generic.other);
  return pair[zh() ? 0 : 1];
}

const generic = {
  0: ['无法连接服务器，请检查网络后重试', 'Cannot reach the server: check the connection and try again'],
  400: ['请检查填写的内容', 'Please check what you entered'],
  401: ['请重新登录', 'Please sign in again'],
  403: ['无权进行此操作', 'You are not allowed to do this'],
  404: ['未找到该记录', 'Not found'],
  409: ['数据已被他人修改，请刷新后重试', 'Someone changed this meanwhile: reload and try again'],
  412: ['数据已被他人修改，请刷新后重试', 'Someone changed this meanwhile: reload and try again'],
  413: ['提交的内容过大', 'What you sent is too large'],
  422: ['当前状态下不能进行此操作', 'This cannot be done in the current state'],
  428: ['页面数据已过期，请刷新后重试', 'This page is out of date: reload and try again'],
  429: ['操作过于频繁，请稍后再试', 'Too many requests: wait a moment and try again'],
  500: ['服务暂时出错，请稍后再试', 'The service had a problem: try again later'],
  other: ['操作未能完成', 'That did not work'],
};

/** The sentences for one field: from its codes, else a generic one (never the service's English message). */
export function fieldSentences(problem, field) {
  const entries = problem?.codes?.[field];
  if (Array.isArray(entries) && entries.length) {
    return entries.map((entry) => sentence(entry.code, entry, field) ?? generic.invalidField[zh() ? 0 : 1]);
  }
  return [generic.invalidField[zh() ? 0 : 1]];
}
generic.invalidField = ['填写的内容无效', 'This value is not valid'];

/** Every field the problem names (codes and errors alike). */
export function problemFields(problem) {
  return [...new Set([...Object.keys(problem?.codes ?? {}), ...Object.keys(problem?.errors ?? {})])];
}
