using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IpExchange.Contracts;

namespace IpExchange.Contract.Agreements.Drafting;

/// <summary>
/// The agreement's text from the template of its deal kind. The Chinese text is the binding one
/// (中文文本为准): its exact UTF-8 bytes are hashed and signed, and it is stored in the event that
/// produced it, so the filed document can be reproduced even after the templates change. The
/// English text is a reference translation rendered on request, never signed.
/// </summary>
public static class AgreementText
{
    /// <summary>A lump sum without a date is due this many days after the exchange records the agreement.</summary>
    public const int LumpSumDueDays = 30;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Title(DealKind kind, bool english = false) => (kind, english) switch
    {
        (DealKind.Assignment, false) => "专利权转让合同",
        (DealKind.ExclusiveLicence, false) => "专利实施许可合同（独占许可）",
        (DealKind.SoleLicence, false) => "专利实施许可合同（排他许可）",
        (DealKind.NonExclusiveLicence, false) => "专利实施许可合同（普通许可）",
        (DealKind.OpenLicence, false) => "专利开放许可实施合同",
        (DealKind.EquityContribution, false) => "专利权作价入股协议",
        (DealKind.Assignment, true) => "Patent Assignment Agreement",
        (DealKind.ExclusiveLicence, true) => "Patent Licence Agreement (Exclusive Licence)",
        (DealKind.SoleLicence, true) => "Patent Licence Agreement (Sole Licence)",
        (DealKind.NonExclusiveLicence, true) => "Patent Licence Agreement (Non-exclusive Licence)",
        (DealKind.OpenLicence, true) => "Patent Open Licence Agreement",
        (DealKind.EquityContribution, true) => "Patent Equity Contribution Agreement",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// The binding Chinese text of <paramref name="deal"/> under <paramref name="terms"/>, revision
    /// <paramref name="revision"/>: Chinese only (codes and numbers aside), every clause from the
    /// template of the deal kind.
    /// </summary>
    public static string Chinese(AgreementDraftedFromDeal deal, AgreementTerms terms, int revision)
    {
        var t = new Lines();
        var kind = deal.DealKind;
        var (sellerRole, buyerRole) = Roles(kind);
        var buyerName = terms.Equity?.InvesteeName ?? deal.Buyer.Name;
        t.Add(Title(kind));
        t.Add("");
        t.Add($"合同编号：{deal.AgreementId}（第{revision}版）");
        t.Add($"成交编号：{deal.DealId}");
        t.Add($"挂牌项目：{deal.ListingId}　{deal.ListingTitle}");
        t.Add($"交易模式：{ModeZh(deal.TradingMode)}；定价方式：{PricingZh(deal.PricingMethod)}；成交日期：{DateZh(DateOnly.FromDateTime(deal.StruckAt.UtcDateTime))}");
        t.Add("");
        t.Add("第一条　合同双方");
        t.Add($"甲方（{sellerRole}）：{deal.Seller.Name}{CreditCode(deal.Seller)}");
        t.Add($"乙方（{buyerRole}）：{buyerName}{CreditCode(deal.Buyer)}");
        t.Add(kind == DealKind.EquityContribution
            ? "双方经知识产权交易中心撮合成交，依据《中华人民共和国民法典》《中华人民共和国专利法》《中华人民共和国公司法》及交易中心交易规则，订立本合同。"
            : "双方经知识产权交易中心撮合成交，依据《中华人民共和国民法典》《中华人民共和国专利法》及交易中心交易规则，订立本合同。");
        t.Add("");
        t.Add("第二条　标的专利");
        if (deal.Patents.Count == 0)
        {
            t.Add($"挂牌项目 {deal.ListingId} 所列全部专利（以挂牌公示信息为准）。");
        }

        var n = 1;
        foreach (var p in deal.Patents)
        {
            t.Add($"{n++}. 专利号 {p.Number}，{TypeZh(p.Type)}专利，名称：{p.Title}，保护期至 {DateZh(p.ExpiresOn.AddDays(-1))}。");
        }

        t.Add("甲方保证对标的专利享有合法权利，标的专利在本合同签署时处于有效状态，未设定未经披露的质押或其他权利负担。");
        t.Add("");
        t.Add("第三条　权利内容");
        t.Add(kind switch
        {
            DealKind.Assignment => "甲方将标的专利的专利权全部转让给乙方。专利权自国家知识产权局登记公告之日起转移。",
            DealKind.ExclusiveLicence => "甲方许可乙方以独占许可方式实施标的专利。许可期限内，甲方不得实施，也不得许可任何第三方实施标的专利。",
            DealKind.SoleLicence => "甲方许可乙方以排他许可方式实施标的专利。许可期限内，甲方可以自行实施，但不得许可任何第三方实施标的专利。",
            DealKind.NonExclusiveLicence => "甲方许可乙方以普通许可方式实施标的专利。甲方可以自行实施，并可以许可第三方实施标的专利。",
            DealKind.OpenLicence => "乙方依甲方公告的开放许可声明，以书面方式通知甲方并按声明公告的标准支付许可使用费，取得实施标的专利的普通许可。开放许可声明有效期间，以及依该声明给予的许可在许可期限内，甲方不得就标的专利给予独占许可或者排他许可；甲方撤回开放许可声明的，不影响乙方在许可期限内继续实施。",
            DealKind.EquityContribution => "甲方以标的专利的专利权作价出资，投入乙方；乙方相应增加注册资本，甲方取得乙方相应股权，成为乙方股东。",
            _ => throw new ArgumentOutOfRangeException(nameof(deal), kind, null),
        });
        if (terms.Licence is { } licence)
        {
            t.Add($"许可期限：{licence.TermMonths}个月，自本合同生效之日起算，但不超过标的专利保护期届满之日；许可的起止日期由交易中心在合同登记时载明。许可期限届满，许可自动终止。");
            t.Add($"许可地域：{licence.Territory}。");
            t.Add($"许可实施的领域：{licence.FieldOfUse}。");
            t.Add(licence.SublicensingAllowed ? "乙方可以再许可第三方实施标的专利，再许可的期限、地域和领域不得超出本合同的约定。" : "乙方不得再许可第三方实施标的专利。");
        }

        t.Add("");
        if (kind == DealKind.EquityContribution)
        {
            Contribution(t, terms);
        }
        else
        {
            Payment(t, kind, terms);
        }

        t.Add("");
        Steps(t, kind);
        t.Add("");
        t.Add("第六条　合同的成立与生效");
        t.Add("本合同经双方授权代表以电子签名方式签署本版本文本，并经知识产权交易中心登记后生效。对本合同的任何修改，须经双方同意形成新版本并重新签署。");
        t.Add("");
        t.Add("第七条　合同的解除");
        t.Add("双方协商一致可以解除本合同；任何一方未在交易中心规定的签署期限内签署的，本合同不成立。交易中心依交易规则可以撤销本交易，并说明理由。");
        t.Add("");
        t.Add("第八条　争议解决");
        t.Add("因本合同发生的争议，双方应协商解决；协商不成的，可申请知识产权交易中心调解，调解不成的，提交甲方所在地有管辖权的人民法院诉讼解决。");
        t.Add("");
        t.Add("第九条　其他约定");
        var clauses = new List<string>();
        if (!string.IsNullOrWhiteSpace(deal.DealTerms))
        {
            clauses.Add(deal.DealTerms.Trim());
        }

        clauses.AddRange(terms.Clauses);
        if (clauses.Count == 0)
        {
            t.Add("无。");
        }

        var c = 1;
        foreach (var clause in clauses)
        {
            t.Add($"{c++}. {clause}");
        }

        t.Add("");
        t.Add("本合同以中文书写，中文文本为唯一具有约束力的文本；交易中心提供的其他语言译本仅供参考。");
        t.Add($"甲方：{deal.Seller.Name}（签章）");
        t.Add($"乙方：{buyerName}（签章）");
        return t.ToString();
    }

    /// <summary>A party's 统一社会信用代码 after its name, as a contract between legal persons identifies them.</summary>
    private static string CreditCode(Party party) => party.CreditCode is { Length: > 0 } code ? $"（统一社会信用代码：{code}）" : "";

    /// <summary>第四条 of an assignment or a licence: the price (a licence's entry fee), its milestones, the royalty.</summary>
    private static void Payment(Lines t, DealKind kind, AgreementTerms terms)
    {
        var licence = kind.IsLicence();
        t.Add(licence ? "第四条　许可使用费及支付" : "第四条　价款及支付");
        t.Add(kind switch
        {
            DealKind.Assignment => $"合同总价款为人民币 {Yuan(terms.Price)} 元。",
            DealKind.OpenLicence => $"乙方按开放许可声明公告的标准支付许可使用费（入门费）人民币 {Yuan(terms.Price)} 元。",
            _ => $"许可使用费中的入门费为人民币 {Yuan(terms.Price)} 元。",
        });
        var scheduled = terms.Milestones.Sum(m => m.Amount);
        if (scheduled < terms.Price)
        {
            t.Add($"其中人民币 {Yuan(terms.Price - scheduled)} 元已由乙方在交易过程中缴纳（如竞买保证金），抵作价款。");
        }

        t.Add("乙方按下列节点向甲方支付：");
        var n = 1;
        foreach (var m in terms.Milestones)
        {
            var due = m.DueOn is { } d ? $"于 {DateZh(d)} 前" : $"于本合同登记生效之日起 {LumpSumDueDays} 日内";
            t.Add($"（{n++}）{m.Name}：人民币 {Yuan(m.Amount)} 元，{due}支付。");
        }

        if (terms.HasRoyalty)
        {
            var minimum = terms.Licence!.MinimumAnnualRoyalty is > 0 ? terms.Licence.MinimumAnnualRoyalty : null;
            t.Add((terms.RoyaltyRate, minimum) switch
            {
                ({ } rate, { } min) => $"提成费：乙方按其实施标的专利所得产品年度净销售额的 {Percent(rate)} 向甲方支付提成费；每一许可年度的提成费不低于人民币 {Yuan(min)} 元。",
                ({ } rate, null) => $"提成费：乙方按其实施标的专利所得产品年度净销售额的 {Percent(rate)} 向甲方支付提成费。",
                (null, { } min) => $"提成费：乙方每一许可年度向甲方支付提成费人民币 {Yuan(min)} 元。",
                _ => "",
            });
            t.Add($"许可年度自本合同生效之日起每满十二个月为一年，最后一个许可年度至许可期限届满之日止，不足一年的，最低提成费按实际天数折算。乙方应于每一许可年度届满后 {AgreementPlan.RoyaltyDueDays} 日内，通过交易中心向甲方报告该年度的净销售额并支付提成费；提成费计算至分，分以下四舍五入。甲方有权通过交易中心查阅提成费结算情况。");
        }

        t.Add("乙方逾期付款的，每逾期一日按应付未付金额的万分之五支付违约金。");
    }

    /// <summary>第四条 of a contribution in kind: the appraisal, the valuation and the equity it buys; no money changes hands.</summary>
    private static void Contribution(Lines t, AgreementTerms terms)
    {
        t.Add("第四条　作价及出资");
        t.Add(terms.Appraisal is { } a
            ? $"标的专利经 {a.Appraiser} 评估，评估报告编号 {a.ReportNumber}，评估基准日 {DateZh(a.Date)}，评估值为人民币 {Yuan(a.Value)} 元。"
            : "标的专利的资产评估报告（评估机构、报告编号、评估基准日及评估值）由双方以合同变更载明后签署本合同。");
        t.Add($"双方确认，标的专利作价人民币 {Yuan(terms.Price)} 元出资。");
        if (terms.Equity is { } e)
        {
            t.Add($"乙方注册资本由人民币 {Yuan(e.RegisteredCapitalBefore)} 元增加至人民币 {Yuan(e.RegisteredCapitalAfter)} 元。甲方以标的专利作价出资，认缴乙方新增注册资本人民币 {Yuan(e.SubscribedCapital)} 元，取得乙方增资后 {e.Percentage.ToString("0.00", Invariant)}% 的股权。");
            if (terms.Price > e.SubscribedCapital)
            {
                t.Add($"作价金额超出认缴注册资本的部分人民币 {Yuan(terms.Price - e.SubscribedCapital)} 元计入乙方资本公积。");
            }
        }
        else
        {
            t.Add("乙方增资前后的注册资本，以及甲方取得股权的数额和比例，由双方以合同变更载明后签署本合同。");
        }

        t.Add("本次出资以标的专利的专利权作价，不涉及现金支付。甲方保证作价不高于评估值，乙方保证股东会决议和工商变更登记所载内容与本合同一致。");
    }

    /// <summary>第五条: the steps of the deal kind once the agreement is effective.</summary>
    private static void Steps(Lines t, DealKind kind)
    {
        switch (kind)
        {
            case DealKind.EquityContribution:
                t.Add("第五条　出资手续");
                t.Add("本合同生效后，按下列顺序办理出资手续，并将各项文件的编号和日期告知交易中心：");
                t.Add("（1）乙方股东会就接受本次出资、增加注册资本及修改公司章程作出决议；");
                t.Add("（2）双方向国家知识产权局办理标的专利的专利权转移登记（著录项目变更），将专利权人变更为乙方；");
                t.Add("（3）乙方向市场监督管理部门办理工商变更登记，载明新增注册资本和甲方的股东身份。");
                t.Add("专利权转移登记和工商变更登记均办理完成之日，甲方的出资义务履行完毕。");
                break;
            case DealKind.Assignment:
                t.Add("第五条　专利权转移登记");
                t.Add("本合同生效后，双方向国家知识产权局办理专利权转移登记（著录项目变更），并将手续合格通知书的编号和日期告知交易中心。");
                break;
            default:
                t.Add("第五条　许可合同备案");
                t.Add($"本合同生效之日起 {AgreementPlan.FilingMonths} 个月内，双方向国家知识产权局办理专利实施许可合同备案，并将备案通知书的编号和日期告知交易中心。");
                break;
        }
    }

    private static (string Seller, string Buyer) Roles(DealKind kind) => kind switch
    {
        DealKind.Assignment => ("转让方", "受让方"),
        DealKind.EquityContribution => ("出资方", "被投资方"),
        _ => ("许可方", "被许可方"),
    };

    /// <summary>
    /// A reference translation of the Chinese text, for reading only: a separate document that says
    /// it binds no one, never part of the signed text.
    /// </summary>
    public static string English(AgreementDraftedFromDeal deal, AgreementTerms terms, int revision)
    {
        var t = new Lines();
        var kind = deal.DealKind;
        var (sellerRole, buyerRole) = kind switch
        {
            DealKind.Assignment => ("Assignor", "Assignee"),
            DealKind.EquityContribution => ("Contributor", "Investee"),
            _ => ("Licensor", "Licensee"),
        };
        t.Add(Title(kind, english: true));
        t.Add("Reference translation for reading only. It is not signed and binds no one: the Chinese text alone is the agreement.");
        t.Add("");
        t.Add($"Agreement No.: {deal.AgreementId} (revision {revision})");
        t.Add($"Deal No.: {deal.DealId}");
        t.Add($"Listing: {deal.ListingId} {deal.ListingTitle}");
        t.Add($"Trading mode: {deal.TradingMode}; pricing method: {deal.PricingMethod}; struck on {Date(DateOnly.FromDateTime(deal.StruckAt.UtcDateTime))}");
        t.Add("");
        t.Add("Article 1 Parties");
        t.Add($"Party A ({sellerRole}): {deal.Seller.Name}");
        t.Add($"Party B ({buyerRole}): {terms.Equity?.InvesteeName ?? deal.Buyer.Name}");
        t.Add("");
        t.Add("Article 2 Patents");
        var n = 1;
        foreach (var p in deal.Patents)
        {
            t.Add($"{n++}. Patent {p.Number}, {p.Type}, \"{p.Title}\", in force until {Date(p.ExpiresOn.AddDays(-1))}.");
        }

        t.Add("");
        t.Add("Article 3 Rights granted");
        t.Add(kind switch
        {
            DealKind.Assignment => "Party A assigns the patents to Party B; the right passes when the patent office publishes the change.",
            DealKind.ExclusiveLicence => "Exclusive licence: during the term neither Party A nor any third party may practise the patents.",
            DealKind.SoleLicence => "Sole licence: during the term Party A may practise the patents but may not license third parties.",
            DealKind.NonExclusiveLicence => "Non-exclusive licence: Party A may practise and license the patents to others.",
            DealKind.OpenLicence => "Open licence on the terms of Party A's published declaration; while the declaration stands, and for the licences granted under it, no exclusive or sole licence is granted; withdrawing it leaves this licence in force for its term.",
            DealKind.EquityContribution => "Party A contributes the patents to Party B as capital and becomes its shareholder.",
            _ => throw new ArgumentOutOfRangeException(nameof(deal), kind, null),
        });
        if (terms.Licence is { } licence)
        {
            t.Add($"Term: {licence.TermMonths} months from the day the agreement takes effect, never past the patents' term; the exchange states the dates when it records the agreement.");
            t.Add($"Territory: {licence.Territory}. Field of use: {licence.FieldOfUse}. Sublicensing: {(licence.SublicensingAllowed ? "allowed" : "not allowed")}.");
        }

        t.Add("");
        if (kind == DealKind.EquityContribution)
        {
            t.Add("Article 4 Valuation and contribution");
            if (terms.Appraisal is { } a)
            {
                t.Add($"Appraised by {a.Appraiser}, report {a.ReportNumber} of {Date(a.Date)}: CNY {Yuan(a.Value)}.");
            }

            t.Add($"Valuation agreed: CNY {Yuan(terms.Price)}. No cash is paid.");
            if (terms.Equity is { } e)
            {
                t.Add($"Party B's registered capital goes from CNY {Yuan(e.RegisteredCapitalBefore)} to CNY {Yuan(e.RegisteredCapitalAfter)}; Party A subscribes CNY {Yuan(e.SubscribedCapital)}, {e.Percentage.ToString("0.00", Invariant)}% of the capital after the increase.");
            }
        }
        else
        {
            t.Add(kind.IsLicence() ? "Article 4 Licence fees" : "Article 4 Price and payment");
            t.Add($"{(kind.IsLicence() ? "Entry fee" : "Price")}: CNY {Yuan(terms.Price)}.");
            var scheduled = terms.Milestones.Sum(m => m.Amount);
            if (scheduled < terms.Price)
            {
                t.Add($"CNY {Yuan(terms.Price - scheduled)} already paid by Party B during the trade (e.g. a deposit) is credited.");
            }

            var i = 1;
            foreach (var m in terms.Milestones)
            {
                var due = m.DueOn is { } d ? $"by {Date(d)}" : $"within {LumpSumDueDays} days after the agreement is recorded";
                t.Add($"({i++}) {m.Name}: CNY {Yuan(m.Amount)}, {due}.");
            }

            if (terms.HasRoyalty)
            {
                var minimum = terms.Licence!.MinimumAnnualRoyalty is { } min and > 0 ? $", at least CNY {Yuan(min)} per licence year (prorated for a short year)" : "";
                var running = terms.RoyaltyRate is { } rate ? Percent(rate) + " of annual net sales" : "a fixed sum";
                t.Add($"Royalty: {running}{minimum}; reported and paid within {AgreementPlan.RoyaltyDueDays} days after each licence year, computed to the fen.");
            }
        }

        t.Add("");
        t.Add(kind switch
        {
            DealKind.EquityContribution => "Article 5 Steps: the investee's shareholder resolution, the patents' transfer registration to the investee, the investee's business registration change.",
            DealKind.Assignment => "Article 5 Registration of the transfer with the patent office.",
            _ => $"Article 5 Filing of the licence contract with the patent office within {AgreementPlan.FilingMonths} months.",
        });
        t.Add("Articles 6-8 Effect on signature by both and recording by the exchange, termination, disputes (mediation by the exchange, then the courts).");
        if (terms.Clauses.Count > 0 || !string.IsNullOrWhiteSpace(deal.DealTerms))
        {
            t.Add("Article 9 Other terms (as written in Chinese)");
            foreach (var clause in new[] { deal.DealTerms }.Concat(terms.Clauses).Where(x => !string.IsNullOrWhiteSpace(x)))
            {
                t.Add("- " + clause.Trim());
            }
        }

        return t.ToString();
    }

    public static string Yuan(decimal amount) => amount.ToString("#,##0.00", Invariant);

    public static string Percent(decimal rate) => (rate * 100m).ToString("0.##", Invariant) + "%";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    public static string DateZh(DateOnly date) => string.Create(Invariant, $"{date.Year}年{date.Month}月{date.Day}日");

    private static string TypeZh(PatentType type) => type switch
    {
        PatentType.Invention => "发明",
        PatentType.UtilityModel => "实用新型",
        _ => "外观设计",
    };

    private static string ModeZh(TradingMode mode) => mode switch
    {
        TradingMode.Negotiated => "协议交易",
        TradingMode.Bidding => "竞价交易",
        TradingMode.Directed => "定向交易",
        TradingMode.ListingTransfer => "挂牌转让",
        _ => "联盟交易",
    };

    private static string PricingZh(PricingMethod method) => method switch
    {
        PricingMethod.Negotiated => "协议定价",
        PricingMethod.Appraisal => "评估定价",
        PricingMethod.OnlineBidding => "网络竞价",
        PricingMethod.Auction => "拍卖竞价",
        PricingMethod.CompetitiveNegotiation => "竞争性谈判",
        _ => "大数据系统估价",
    };

    /// <summary>Lines joined with '\n' whatever the platform, so the hashed bytes never depend on where it runs.</summary>
    private sealed class Lines
    {
        private readonly StringBuilder _text = new();

        public void Add(string line) => _text.Append(line).Append('\n');

        public override string ToString() => _text.ToString();
    }
}
