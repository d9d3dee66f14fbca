// Texts in Chinese (default) and English. The choice is remembered in localStorage.
const zh = {
  'app.title': '知识产权交易平台', 'app.org': '知识产权交易中心',
  'lang.switch': 'English', 'nav.logout': '退出', 'nav.menu': '菜单',
  'role.university': '高校院所', 'role.enterprise': '企业', 'role.exchange': '交易中心',
  'login.title': '登录', 'login.username': '用户名', 'login.password': '密码', 'login.submit': '登录',
  'login.demo': '演示账户（密码 demo-2026）', 'login.failed': '用户名或密码错误',
  'nav.patents': '我的专利', 'nav.myListings': '我的挂牌', 'nav.newListing': '发布挂牌', 'nav.offers': '报价与谈判',
  'nav.agreements': '我的合同', 'nav.payments': '收款', 'nav.market': '挂牌检索', 'nav.demands': '我的需求',
  'nav.auctions': '拍卖厅', 'nav.review': '审核队列', 'nav.cockpit': '驾驶舱', 'nav.alerts': '预警', 'nav.audit': '交易审计',
  'nav.allAgreements': '合同登记',
  'common.save': '保存', 'common.cancel': '取消', 'common.search': '搜索', 'common.reset': '重置', 'common.open': '打开',
  'common.prev': '上一页', 'common.next': '下一页', 'common.page': '第 {p} / {n} 页，共 {t} 条', 'common.loading': '加载中…',
  'common.none': '暂无记录', 'common.yes': '是', 'common.no': '否', 'common.details': '详情', 'common.status': '状态',
  'common.actions': '操作', 'common.price': '价格', 'common.title': '标题', 'common.submit': '提交', 'common.all': '全部',
  'common.done': '已完成', 'common.error': '出错了', 'common.saved': '已保存', 'common.refresh': '刷新',
  'patents.title': '我的专利', 'patents.register': '登记专利', 'patents.import': '批量导入',
  'patents.number': '申请号', 'patents.titleField': '名称', 'patents.titleEn': '英文名称', 'patents.abstract': '摘要',
  'patents.ipc': 'IPC 分类号（逗号分隔）', 'patents.type': '专利类型', 'patents.filingDate': '申请日', 'patents.grantDate': '授权日',
  'patents.legalStatus': '法律状态', 'patents.inventors': '发明人（逗号分隔）', 'patents.claims': '权利要求数', 'patents.expires': '届满日',
  'patents.registered': '专利已登记：{id}', 'patents.importHelp': '每行一件专利，字段用“|”分隔：申请号|类型|名称|IPC（逗号分隔）|申请日|授权日|发明人（逗号分隔）|权利要求数|摘要',
  'patents.importRun': '导入', 'patents.importRow': '第 {n} 行', 'patents.importOk': '已登记', 'patents.pledged': '已质押',
  'listings.title': '我的挂牌', 'listings.new': '发布挂牌', 'listings.form': '挂牌向导', 'listings.step1': '1 选择专利',
  'listings.step2': '2 交易方式', 'listings.step3': '3 定价方式与交易模式', 'listings.step4': '4 价格与期限',
  'listings.patents': '专利', 'listings.summary': '项目简介', 'listings.dealKind': '交易方式', 'listings.pricingMethod': '定价方式',
  'listings.tradingMode': '交易模式', 'listings.askingPrice': '挂牌价（元）', 'listings.reservePrice': '保留价（元，不公开）',
  'listings.openLicenceFee': '开放许可费（元）', 'listings.openLicenceTerms': '开放许可条件', 'listings.listedFrom': '挂牌开始',
  'listings.listedUntil': '挂牌截止', 'listings.appraiser': '评估机构', 'listings.reportNumber': '评估报告编号',
  'listings.appraisalValue': '评估值（元）', 'listings.appraisalDate': '评估日期', 'listings.directedTo': '定向受让方（机构编号）',
  'listings.allianceId': '联盟编号', 'listings.allianceMembers': '联盟成员（机构编号，逗号分隔）',
  'listings.saveDraft': '保存草稿', 'listings.saveSubmit': '保存并提交审核', 'listings.submit': '提交审核', 'listings.withdraw': '撤回',
  'listings.submitted': '已提交审核', 'listings.valuation': '大数据估价参考', 'listings.valuationNone': '暂无可比成交，无法给出估价区间',
  'listings.valuationRange': '可比成交 {n} 笔：{low} – {high}，中位 {mid}（置信度 {c}）', 'listings.valuationNeed': '选择专利与交易方式后显示估价参考',
  'listings.modeHint.bidding': '网络竞价与拍卖竞价只能采用竞价交易', 'listings.owner': '权利人', 'listings.period': '挂牌期',
  'listings.history': '变更记录', 'listings.chainOk': '哈希链校验通过', 'listings.chainBroken': '哈希链校验失败',
  'listings.reasons': '驳回理由', 'listings.demandsFor': '匹配的企业需求', 'listings.enterAuction': '进入拍卖厅（输入拍卖编号）',
  'market.title': '挂牌检索', 'market.q': '关键词', 'market.ipc': 'IPC', 'market.minPrice': '最低价', 'market.maxPrice': '最高价',
  'market.accept': '按挂牌价受让', 'market.negotiate': '发起协商报价', 'market.accepted': '已成交：{id}',
  'demands.title': '我的需求', 'demands.new': '发布需求', 'demands.description': '需求描述', 'demands.budgetMin': '预算下限（元）',
  'demands.budgetMax': '预算上限（元）', 'demands.dealKinds': '期望交易方式', 'demands.region': '地区', 'demands.deadline': '截止日期',
  'demands.matches': '推荐挂牌', 'demands.score': '匹配度', 'demands.reasons': '匹配理由', 'demands.close': '关闭需求',
  'match.words': '共同词语', 'match.ipc': 'IPC {level}相同：{code}（需求 {wanted}）', 'match.budgetWithin': '挂牌价 {price}，在预算内',
  'match.budgetOver': '挂牌价 {price}，超出预算上限 {max}', 'match.dealKindWanted': '交易方式符合：{kind}',
  'match.dealKindNot': '交易方式不在期望之列：{kind}', 'match.strong': '强匹配', 'match.locarno': '洛迦诺 {code}',
  'patents.abstractEn': '英文摘要', 'patents.locarno': '洛迦诺分类号（外观设计，如 12-08）', 'listings.keywords': '关键词（逗号分隔）',
  'auctions.title': '拍卖厅', 'auctions.open': '进入', 'auctions.id': '拍卖编号', 'auctions.known': '最近访问的拍卖',
  'auctions.schedule': '安排拍卖', 'auctions.listingId': '挂牌编号', 'auctions.startsAt': '开始时间', 'auctions.endsAt': '结束时间',
  'auctions.startingPrice': '起拍价（元）', 'auctions.increment': '加价幅度（元）', 'auctions.deposit': '保证金（元）',
  'auctions.softWindow': '延时窗口（秒）', 'auctions.softExtension': '每次延时（秒）', 'auctions.durationMin': '时长（分钟）',
  'auctions.current': '当前价', 'auctions.minNext': '最低出价', 'auctions.countdown': '距结束', 'auctions.ended': '已结束',
  'auctions.register': '报名并缴纳保证金', 'auctions.depositRef': '保证金缴款凭证号', 'auctions.registered': '已报名',
  'auctions.bid': '出价', 'auctions.amount': '出价金额（元）', 'auctions.bids': '出价记录', 'auctions.bidder': '竞买人',
  'auctions.outcome': '结果', 'auctions.winner': '竞得人', 'auctions.reserve': '保留价', 'auctions.softClose': '延时规则：最后 {w} 秒内出价顺延 {e} 秒',
  'auctions.scheduled': '拍卖已安排：{id}', 'auctions.noList': '（服务暂无拍卖列表接口：请使用交易中心提供的拍卖编号或链接）',
  'auctions.live': '实时', 'auctions.extended': '已延时',
  'offers.title': '报价与谈判', 'offers.price': '报价（元）', 'offers.note': '说明', 'offers.expiresAt': '有效期至',
  'offers.counter': '还价', 'offers.accept': '接受', 'offers.reject': '拒绝', 'offers.turn': '待回应方', 'offers.by': '报价方',
  'offers.open': '发起协商', 'offers.competitions': '竞争性谈判', 'offers.deals': '成交记录',
  'offers.deadline': '报价截止', 'offers.deadlineHours': '报价期限（小时）', 'offers.minimumPrice': '最低报价（元）', 'offers.openCompetition': '发起竞争性谈判',
  'offers.sealed': '我的密封报价', 'offers.submitSealed': '提交 / 更新报价', 'offers.withdrawSealed': '撤回报价', 'offers.award': '选定受让方',
  'offers.sealedCount': '报价数', 'offers.sealedHidden': '截止前保密',
  'agreements.title': '我的合同', 'agreements.seller': '甲方（转让方）', 'agreements.buyer': '乙方（受让方）',
  'agreements.sign': '签署合同', 'agreements.signed': '已签署', 'agreements.signatures': '签署记录', 'agreements.text': '合同文本',
  'agreements.hash': '内容哈希', 'agreements.deadline': '签署期限', 'agreements.record': '登记备案', 'agreements.recordNumber': '登记号',
  'agreements.milestones': '付款节点', 'agreements.pay': '付款', 'agreements.payAmount': '金额（元）', 'agreements.payRef': '付款凭证号',
  'agreements.milestone': '付款节点', 'agreements.outstanding': '未付', 'agreements.paid': '已付', 'agreements.due': '应付日期',
  'agreements.registration': '专利权转移登记', 'agreements.noticeNumber': '通知书编号', 'agreements.noticeDate': '通知日期',
  'agreements.registerTransfer': '记录登记', 'agreements.evidence': '存证记录', 'agreements.awaitingMe': '待我签署',
  'payments.title': '收款记录', 'payments.received': '已收', 'payments.expected': '应收',
  'review.title': '审核队列', 'review.approve': '通过', 'review.reject': '驳回', 'review.reasons': '驳回理由（每行一条）',
  'review.approved': '已通过：{id}', 'review.rejected': '已驳回：{id}',
  'cockpit.title': '交易驾驶舱', 'cockpit.live': '实时推送', 'cockpit.polling': '定时刷新', 'cockpit.listings': '挂牌项目',
  'cockpit.deals': '成交项目', 'cockpit.amount': '成交金额', 'cockpit.completed': '交割完成', 'cockpit.stuck': '超期',
  'cockpit.pipeline': '交易流程各阶段', 'cockpit.conversion': '转化率', 'cockpit.byRegion': '按地区', 'cockpit.dealList': '交易列表',
  'cockpit.listingToDeal': '挂牌→成交', 'cockpit.dealToCompleted': '成交→交割', 'cockpit.alerts': '预警', 'cockpit.unavailable': '监测服务暂不可用',
  'cockpit.stageTimes': '各阶段平均耗时（小时）', 'cockpit.listingStages': '挂牌项目各状态（挂牌金额）',
  'alerts.title': '预警', 'alerts.rule': '规则', 'alerts.summary': '摘要', 'alerts.raisedAt': '触发时间', 'alerts.acknowledge': '确认',
  'alerts.resolve': '处理完毕', 'alerts.resolution': '处理说明',
  'audit.title': '交易审计', 'audit.dealId': '成交编号', 'audit.timeline': '时间线', 'audit.intact': '全部哈希链完整，记录未被篡改',
  'audit.broken': '哈希链校验失败', 'audit.source': '来源', 'audit.event': '事件', 'audit.at': '时间',
  'audit.sources': '各服务自身记录的校验', 'audit.status.intact': '完整', 'audit.status.broken': '已被篡改', 'audit.status.unavailable': '无法核对',
  'audit.status.unknown': '未知', 'audit.status.not-configured': '未配置',
  'deal.id': '成交编号', 'deal.stage': '阶段', 'deal.buyer': '受让方', 'deal.seller': '转让方',
  'error.network': '无法连接服务器', 'error.unavailable': '该服务暂不可用', 'error.forbidden': '无权操作', 'error.notFound': '未找到',
  'error.conflict': '数据已被他人修改，请刷新后重试',
};

const en = {
  'app.title': 'IP Exchange', 'app.org': 'IP exchange center',
  'lang.switch': '中文', 'nav.logout': 'Sign out', 'nav.menu': 'Menu',
  'role.university': 'University', 'role.enterprise': 'Enterprise', 'role.exchange': 'Exchange staff',
  'login.title': 'Sign in', 'login.username': 'Username', 'login.password': 'Password', 'login.submit': 'Sign in',
  'login.demo': 'Demo accounts (password demo-2026)', 'login.failed': 'Wrong username or password',
  'nav.patents': 'My patents', 'nav.myListings': 'My listings', 'nav.newListing': 'New listing', 'nav.offers': 'Offers',
  'nav.agreements': 'My agreements', 'nav.payments': 'Payments', 'nav.market': 'Search listings', 'nav.demands': 'My demands',
  'nav.auctions': 'Auction room', 'nav.review': 'Review queue', 'nav.cockpit': 'Cockpit', 'nav.alerts': 'Alerts', 'nav.audit': 'Deal audit',
  'nav.allAgreements': 'Agreements',
  'common.save': 'Save', 'common.cancel': 'Cancel', 'common.search': 'Search', 'common.reset': 'Reset', 'common.open': 'Open',
  'common.prev': 'Previous', 'common.next': 'Next', 'common.page': 'Page {p} of {n}, {t} in all', 'common.loading': 'Loading…',
  'common.none': 'Nothing yet', 'common.yes': 'Yes', 'common.no': 'No', 'common.details': 'Details', 'common.status': 'Status',
  'common.actions': 'Actions', 'common.price': 'Price', 'common.title': 'Title', 'common.submit': 'Submit', 'common.all': 'All',
  'common.done': 'Done', 'common.error': 'Something went wrong', 'common.saved': 'Saved', 'common.refresh': 'Refresh',
  'patents.title': 'My patents', 'patents.register': 'Register a patent', 'patents.import': 'Import several',
  'patents.number': 'Application number', 'patents.titleField': 'Title', 'patents.titleEn': 'English title', 'patents.abstract': 'Abstract',
  'patents.ipc': 'IPC codes (comma-separated)', 'patents.type': 'Type', 'patents.filingDate': 'Filing date', 'patents.grantDate': 'Grant date',
  'patents.legalStatus': 'Legal status', 'patents.inventors': 'Inventors (comma-separated)', 'patents.claims': 'Claims', 'patents.expires': 'Expires',
  'patents.registered': 'Patent registered: {id}', 'patents.importHelp': 'One patent per line, fields separated by "|": number|type|title|IPC (comma-separated)|filing date|grant date|inventors (comma-separated)|claims|abstract',
  'patents.importRun': 'Import', 'patents.importRow': 'Line {n}', 'patents.importOk': 'registered', 'patents.pledged': 'Pledged',
  'listings.title': 'My listings', 'listings.new': 'New listing', 'listings.form': 'Listing guide', 'listings.step1': '1 Patents',
  'listings.step2': '2 Deal kind', 'listings.step3': '3 Pricing method and trading mode', 'listings.step4': '4 Price and period',
  'listings.patents': 'Patents', 'listings.summary': 'Summary', 'listings.dealKind': 'Deal kind', 'listings.pricingMethod': 'Pricing method',
  'listings.tradingMode': 'Trading mode', 'listings.askingPrice': 'Asking price (yuan)', 'listings.reservePrice': 'Reserve price (yuan, never shown to buyers)',
  'listings.openLicenceFee': 'Open licence fee (yuan)', 'listings.openLicenceTerms': 'Open licence terms', 'listings.listedFrom': 'Listed from',
  'listings.listedUntil': 'Listed until', 'listings.appraiser': 'Appraiser', 'listings.reportNumber': 'Report number',
  'listings.appraisalValue': 'Appraised value (yuan)', 'listings.appraisalDate': 'Appraisal date', 'listings.directedTo': 'Directed to (organisation id)',
  'listings.allianceId': 'Alliance id', 'listings.allianceMembers': 'Alliance members (organisation ids, comma-separated)',
  'listings.saveDraft': 'Save draft', 'listings.saveSubmit': 'Save and submit for review', 'listings.submit': 'Submit for review', 'listings.withdraw': 'Withdraw',
  'listings.submitted': 'Submitted for review', 'listings.valuation': 'Big-data valuation guidance', 'listings.valuationNone': 'No comparable deals yet: no estimate',
  'listings.valuationRange': '{n} comparable deals: {low} – {high}, median {mid} (confidence {c})', 'listings.valuationNeed': 'Pick patents and a deal kind to see the guidance',
  'listings.modeHint.bidding': 'Online bidding and auction go with the bidding mode only', 'listings.owner': 'Owner', 'listings.period': 'Listing period',
  'listings.history': 'History', 'listings.chainOk': 'Hash chain verified', 'listings.chainBroken': 'Hash chain broken',
  'listings.reasons': 'Rejection reasons', 'listings.demandsFor': 'Matching demands', 'listings.enterAuction': 'Enter the auction room (auction number)',
  'market.title': 'Search listings', 'market.q': 'Keywords', 'market.ipc': 'IPC', 'market.minPrice': 'Min price', 'market.maxPrice': 'Max price',
  'market.accept': 'Take at the listed price', 'market.negotiate': 'Make an offer', 'market.accepted': 'Deal struck: {id}',
  'demands.title': 'My demands', 'demands.new': 'Post a demand', 'demands.description': 'Description', 'demands.budgetMin': 'Budget from (yuan)',
  'demands.budgetMax': 'Budget to (yuan)', 'demands.dealKinds': 'Deal kinds wanted', 'demands.region': 'Region', 'demands.deadline': 'Deadline',
  'demands.matches': 'Matching listings', 'demands.score': 'Score', 'demands.reasons': 'Why', 'demands.close': 'Close demand',
  'match.words': 'Shared words', 'match.ipc': 'Same IPC {level}: {code} (demand: {wanted})', 'match.budgetWithin': 'Asking {price}, within the budget',
  'match.budgetOver': 'Asking {price}, above the budget of {max}', 'match.dealKindWanted': 'Deal kind wanted: {kind}',
  'match.dealKindNot': 'Deal kind not among those wanted: {kind}', 'match.strong': 'Strong match', 'match.locarno': 'Locarno {code}',
  'patents.abstractEn': 'English abstract', 'patents.locarno': 'Locarno class (designs, e.g. 12-08)', 'listings.keywords': 'Keywords (comma-separated)',
  'auctions.title': 'Auction room', 'auctions.open': 'Enter', 'auctions.id': 'Auction number', 'auctions.known': 'Recently visited auctions',
  'auctions.schedule': 'Schedule an auction', 'auctions.listingId': 'Listing id', 'auctions.startsAt': 'Starts at', 'auctions.endsAt': 'Ends at',
  'auctions.startingPrice': 'Starting price (yuan)', 'auctions.increment': 'Increment (yuan)', 'auctions.deposit': 'Deposit (yuan)',
  'auctions.softWindow': 'Soft-close window (s)', 'auctions.softExtension': 'Extension (s)', 'auctions.durationMin': 'Duration (minutes)',
  'auctions.current': 'Current price', 'auctions.minNext': 'Minimum bid', 'auctions.countdown': 'Ends in', 'auctions.ended': 'Ended',
  'auctions.register': 'Register and pay the deposit', 'auctions.depositRef': 'Deposit payment reference', 'auctions.registered': 'Registered',
  'auctions.bid': 'Bid', 'auctions.amount': 'Amount (yuan)', 'auctions.bids': 'Bids', 'auctions.bidder': 'Bidder',
  'auctions.outcome': 'Outcome', 'auctions.winner': 'Winner', 'auctions.reserve': 'Reserve', 'auctions.softClose': 'Soft close: a bid in the last {w} s extends the end by {e} s',
  'auctions.scheduled': 'Auction scheduled: {id}', 'auctions.noList': '(the service has no list of auctions yet: use the number or link from the exchange)',
  'auctions.live': 'live', 'auctions.extended': 'extended',
  'offers.title': 'Offers and negotiation', 'offers.price': 'Price (yuan)', 'offers.note': 'Note', 'offers.expiresAt': 'Valid until',
  'offers.counter': 'Counter', 'offers.accept': 'Accept', 'offers.reject': 'Break off', 'offers.turn': 'Turn', 'offers.by': 'By',
  'offers.open': 'Open negotiation', 'offers.competitions': 'Competitive negotiations', 'offers.deals': 'Deals',
  'offers.deadline': 'Offers until', 'offers.deadlineHours': 'Offer period (hours)', 'offers.minimumPrice': 'Minimum offer (yuan)', 'offers.openCompetition': 'Open a competitive negotiation',
  'offers.sealed': 'My sealed offer', 'offers.submitSealed': 'Submit / replace offer', 'offers.withdrawSealed': 'Withdraw offer', 'offers.award': 'Choose the buyer',
  'offers.sealedCount': 'Offers', 'offers.sealedHidden': 'sealed until the deadline',
  'agreements.title': 'My agreements', 'agreements.seller': 'Party A (seller)', 'agreements.buyer': 'Party B (buyer)',
  'agreements.sign': 'Sign the agreement', 'agreements.signed': 'Signed', 'agreements.signatures': 'Signatures', 'agreements.text': 'Agreement text',
  'agreements.hash': 'Content hash', 'agreements.deadline': 'Signing deadline', 'agreements.record': 'Record it', 'agreements.recordNumber': 'Record number',
  'agreements.milestones': 'Payment milestones', 'agreements.pay': 'Pay', 'agreements.payAmount': 'Amount (yuan)', 'agreements.payRef': 'Payment reference',
  'agreements.milestone': 'Milestone', 'agreements.outstanding': 'Outstanding', 'agreements.paid': 'Paid', 'agreements.due': 'Due on',
  'agreements.registration': 'Patent office registration', 'agreements.noticeNumber': 'Notice number', 'agreements.noticeDate': 'Notice date',
  'agreements.registerTransfer': 'Record the registration', 'agreements.evidence': 'Evidence record', 'agreements.awaitingMe': 'Awaiting my signature',
  'payments.title': 'Payments received', 'payments.received': 'Received', 'payments.expected': 'Expected',
  'review.title': 'Review queue', 'review.approve': 'Approve', 'review.reject': 'Reject', 'review.reasons': 'Reasons (one per line)',
  'review.approved': 'Approved: {id}', 'review.rejected': 'Rejected: {id}',
  'cockpit.title': 'Cockpit', 'cockpit.live': 'live push', 'cockpit.polling': 'polling', 'cockpit.listings': 'Listings',
  'cockpit.deals': 'Deals', 'cockpit.amount': 'Deal amount', 'cockpit.completed': 'Completed', 'cockpit.stuck': 'Stuck',
  'cockpit.pipeline': 'Pipeline by stage', 'cockpit.conversion': 'Conversion', 'cockpit.byRegion': 'By region', 'cockpit.dealList': 'Deals',
  'cockpit.listingToDeal': 'Listing → deal', 'cockpit.dealToCompleted': 'Deal → completed', 'cockpit.alerts': 'Alerts', 'cockpit.unavailable': 'The monitoring service is not available',
  'cockpit.stageTimes': 'Average hours in each stage', 'cockpit.listingStages': 'Listings by status (asking amounts)',
  'alerts.title': 'Alerts', 'alerts.rule': 'Rule', 'alerts.summary': 'Summary', 'alerts.raisedAt': 'Raised at', 'alerts.acknowledge': 'Acknowledge',
  'alerts.resolve': 'Resolve', 'alerts.resolution': 'Resolution',
  'audit.title': 'Deal audit', 'audit.dealId': 'Deal id', 'audit.timeline': 'Timeline', 'audit.intact': 'Every hash chain is intact: the record was not altered',
  'audit.broken': 'A hash chain is broken', 'audit.source': 'Source', 'audit.event': 'Event', 'audit.at': 'At',
  'audit.sources': 'Each service\'s own record, verified', 'audit.status.intact': 'intact', 'audit.status.broken': 'altered', 'audit.status.unavailable': 'could not check',
  'audit.status.unknown': 'unknown', 'audit.status.not-configured': 'not configured',
  'deal.id': 'Deal', 'deal.stage': 'Stage', 'deal.buyer': 'Buyer', 'deal.seller': 'Seller',
  'error.network': 'Cannot reach the server', 'error.unavailable': 'This service is not available', 'error.forbidden': 'Not allowed', 'error.notFound': 'Not found',
  'error.conflict': 'Someone changed this meanwhile: reload and try again',
};

// Domain values (enums from the API) in both languages.
const values = {
  DealKind: {
    Assignment: ['转让', 'Assignment'], ExclusiveLicence: ['独占许可', 'Exclusive licence'], SoleLicence: ['排他许可', 'Sole licence'],
    NonExclusiveLicence: ['普通许可', 'Non-exclusive licence'], OpenLicence: ['开放许可', 'Open licence'], EquityContribution: ['作价入股', 'Equity contribution'],
  },
  PricingMethod: {
    Negotiated: ['协议定价', 'Negotiated'], Appraisal: ['评估定价', 'Appraisal'], OnlineBidding: ['网络竞价', 'Online bidding'],
    Auction: ['拍卖竞价', 'Auction'], CompetitiveNegotiation: ['竞争性谈判', 'Competitive negotiation'], BigDataValuation: ['大数据系统估价', 'Big-data valuation'],
  },
  TradingMode: {
    Negotiated: ['协议交易', 'Negotiated'], Bidding: ['竞价交易', 'Bidding'], Directed: ['定向交易', 'Directed'],
    ListingTransfer: ['挂牌转让', 'Listing transfer'], Alliance: ['联盟交易', 'Alliance'],
  },
  PatentType: { Invention: ['发明', 'Invention'], UtilityModel: ['实用新型', 'Utility model'], Design: ['外观设计', 'Design'] },
  IpcLevel: { Section: ['部', 'section'], Class: ['大类', 'class'], Subclass: ['小类', 'subclass'], MainGroup: ['大组', 'main group'], Subgroup: ['小组', 'subgroup'] },
  LegalStatus: { Pending: ['审查中', 'Pending'], Valid: ['有效', 'Valid'], Lapsed: ['失效', 'Lapsed'], Invalidated: ['无效', 'Invalidated'] },
  ListingStatus: {
    Draft: ['草稿', 'Draft'], Submitted: ['待审核', 'Submitted'], Rejected: ['已驳回', 'Rejected'], Public: ['挂牌公示', 'Public'],
    Reserved: ['交易中', 'Reserved'], Sold: ['已成交', 'Sold'], Withdrawn: ['已撤回', 'Withdrawn'], Expired: ['已过期', 'Expired'],
  },
  AgreementStatus: {
    AwaitingSignatures: ['待签署', 'Awaiting signatures'], SignedByBoth: ['双方已签署', 'Signed by both'], Effective: ['已登记生效', 'Recorded, effective'],
    Completed: ['交割完成', 'Completed'], Cancelled: ['已解除', 'Cancelled'],
  },
  AuctionStatus: { Scheduled: ['进行中', 'Open'], Closed: ['已结束', 'Closed'] },
  AuctionOutcome: { Won: ['成交', 'Won'], NoBids: ['无人出价', 'No bids'], BelowReserve: ['未达保留价', 'Below reserve'] },
  DealStage: {
    Struck: ['已成交', 'Struck'], Drafted: ['合同起草', 'Drafted'], Signed: ['双方签署', 'Signed'], Recorded: ['登记备案', 'Recorded'],
    Paying: ['付款中', 'Paying'], Completed: ['交割完成', 'Completed'], Cancelled: ['已取消', 'Cancelled'], Refused: ['被拒绝', 'Refused'],
  },
  ListingStage: {
    Draft: ['草稿', 'Draft'], Submitted: ['待审核', 'Submitted'], Rejected: ['已驳回', 'Rejected'], Public: ['挂牌公示', 'Public'], Reserved: ['交易中', 'Reserved'], Sold: ['已成交', 'Sold'], Licensed: ['已许可', 'Licensed'],
    Withdrawn: ['已撤回', 'Withdrawn'], Expired: ['已过期', 'Expired'],
  },
  AlertStatus: { Raised: ['待处理', 'Raised'], Acknowledged: ['已确认', 'Acknowledged'], Resolved: ['已处理', 'Resolved'] },
  DemandStatus: { Open: ['征集中', 'Open'], Closed: ['已关闭', 'Closed'] },
  CompetitionStatus: { Open: ['报价中', 'Taking offers'], Closed: ['报价截止', 'Closed'], Awarded: ['已选定', 'Awarded'], Ended: ['未成交', 'Ended'] },
  NegotiationStatus: { Open: ['协商中', 'Open'], Accepted: ['已接受', 'Accepted'], Rejected: ['已终止', 'Broken off'], Expired: ['已过期', 'Expired'] },
};

// What each choice means, shown in the listing guide.
const hints = {
  DealKind: {
    Assignment: ['专利权整体转让给受让方', 'The patent passes to the buyer'],
    ExclusiveLicence: ['仅被许可人可实施，权利人自己也不实施', 'Only the licensee may use it, not even the owner'],
    SoleLicence: ['被许可人与权利人可实施，不再许可他人', 'The licensee and the owner only'],
    NonExclusiveLicence: ['可同时许可多家企业', 'Many licensees at once'],
    OpenLicence: ['公开许可费，任何企业按标准条件取得许可', 'A published fee any enterprise may take'],
    EquityContribution: ['专利作价出资入股', 'The patent is valued and contributed as capital'],
  },
  PricingMethod: {
    Negotiated: ['双方协商确定价格', 'The parties agree a price'], Appraisal: ['以资产评估报告为参考价', 'An appraisal report fixes a reference value'],
    OnlineBidding: ['平台公开竞价', 'Open ascending bids on the platform'], Auction: ['正式拍卖：起拍价、保留价、保证金、加价幅度', 'A formal auction: start, reserve, deposit, increment'],
    CompetitiveNegotiation: ['多家合格买方密封报价，卖方择优', 'Sealed offers; the seller picks'], BigDataValuation: ['平台依可比成交估价', 'The platform estimates from comparable deals'],
  },
};

let lang = localStorage.getItem('ipx.lang') === 'en' ? 'en' : 'zh';

export function language() { return lang; }

export function setLanguage(next) {
  lang = next === 'en' ? 'en' : 'zh';
  localStorage.setItem('ipx.lang', lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
}

/** The text for a key, with {name} placeholders filled in. */
export function t(key, args = {}) {
  const text = (lang === 'en' ? en : zh)[key] ?? zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (args[name] ?? `{${name}}`));
}

/** A domain value's label, e.g. v('DealKind', 'Assignment') → 转让. Unknown values show as they are. */
export function v(kind, value) {
  const pair = values[kind]?.[value];
  return pair ? pair[lang === 'en' ? 1 : 0] : (value ?? '');
}

export function hint(kind, value) {
  const pair = hints[kind]?.[value];
  return pair ? pair[lang === 'en' ? 1 : 0] : '';
}

export function options(kind) { return Object.keys(values[kind] ?? {}); }

document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
