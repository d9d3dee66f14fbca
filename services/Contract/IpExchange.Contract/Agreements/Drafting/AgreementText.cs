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

    public static bool IsLicence(DealKind kind) =>
        kind is DealKind.ExclusiveLicence or DealKind.SoleLicence or DealKind.NonExclusiveLicence or DealKind.OpenLicence;

    /// <summary>The binding Chinese text of <paramref name="deal"/> under <paramref name="terms"/>, revision <paramref name="revision"/>.</summary>
    public static string Chinese(AgreementDraftedFromDeal deal, AgreementTerms terms, int revision)
    {
        var t = new Lines();
        var kind = deal.DealKind;
        var (sellerRole, buyerRole) = kind switch
        {
            DealKind.Assignment => ("转让方", "受让方"),
            DealKind.EquityContribution => ("出资方", "被投资方"),
            _ => ("许可方", "被许可方"),
        };
        t.Add(Title(kind));
        t.Add("");
        t.Add($"合同编号：{deal.AgreementId}（第{revision}版）");
        t.Add($"成交编号：{deal.DealId}");
        t.Add($"挂牌项目：{deal.ListingId}　{deal.ListingTitle}");
        t.Add($"交易模式：{ModeZh(deal.TradingMode)}；定价方式：{PricingZh(deal.PricingMethod)}；成交日期：{DateZh(DateOnly.FromDateTime(deal.StruckAt.UtcDateTime))}");
        t.Add("");
        t.Add("第一条　合同双方");
        t.Add($"甲方（{sellerRole}）：{deal.Seller.Name}（机构代码 {deal.Seller.OrganisationId}）");
        t.Add($"乙方（{buyerRole}）：{deal.Buyer.Name}（机构代码 {deal.Buyer.OrganisationId}）");
        t.Add("双方经知识产权交易中心撮合成交，依据《中华人民共和国民法典》《中华人民共和国专利法》及交易中心交易规则，订立本合同。");
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
            DealKind.ExclusiveLicence => "甲方许可乙方在中华人民共和国境内独占实施标的专利。许可期内甲方不得实施，也不得许可任何第三方实施。",
            DealKind.SoleLicence => "甲方许可乙方在中华人民共和国境内实施标的专利。许可期内甲方可以自行实施，但不得许可任何第三方实施。",
            DealKind.NonExclusiveLicence => "甲方许可乙方在中华人民共和国境内以普通许可方式实施标的专利。甲方可以自行实施，并可许可第三方实施。",
            DealKind.OpenLicence => "乙方按甲方公告的开放许可声明所载条件实施标的专利。甲方不得就标的专利给予独占或排他许可。",
            DealKind.EquityContribution => "甲方以标的专利的专利权作价出资，投入乙方，所作价额计入乙方注册资本，甲方相应取得乙方股权。",
            _ => throw new ArgumentOutOfRangeException(nameof(deal), kind, null),
        });
        if (IsLicence(kind))
        {
            t.Add("许可期限：自本合同生效之日起至标的专利保护期届满之日止。乙方不得再许可第三方实施。");
        }

        t.Add("");
        t.Add("第四条　价款及支付");
        t.Add(kind == DealKind.EquityContribution
            ? $"标的专利作价人民币 {Yuan(terms.Price)} 元。"
            : $"合同总价款为人民币 {Yuan(terms.Price)} 元。");
        var scheduled = terms.Milestones.Sum(m => m.Amount);
        if (scheduled < terms.Price)
        {
            t.Add($"其中人民币 {Yuan(terms.Price - scheduled)} 元已由乙方在交易过程中缴纳（如竞买保证金），抵作价款。");
        }

        t.Add("乙方按下列节点向甲方支付：");
        foreach (var m in terms.Milestones)
        {
            var due = m.DueOn is { } d ? $"于 {DateZh(d)} 前" : $"于本合同登记生效之日起 {LumpSumDueDays} 日内";
            t.Add($"（{m.Id}）{m.Name}：人民币 {Yuan(m.Amount)} 元，{due}支付。");
        }

        if (IsLicence(kind) && terms.RoyaltyRate is { } rate)
        {
            t.Add($"提成费：乙方实施标的专利的，按年度净销售额的 {Percent(rate)} 向甲方支付提成费，于次年一月三十一日前结算。");
        }

        t.Add("乙方逾期付款的，每逾期一日按应付未付金额的万分之五支付违约金。");
        t.Add("");
        t.Add("第五条　登记与备案");
        t.Add(IsLicence(kind)
            ? "本合同生效后三个月内，双方向国家知识产权局办理专利实施许可合同备案，并将备案通知书编号告知交易中心。"
            : "本合同生效后，双方向国家知识产权局办理著录项目变更登记，并将手续合格通知书编号告知交易中心。");
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
        t.Add("本合同以中文文本为准。");
        t.Add($"甲方：{deal.Seller.Name}（签章）");
        t.Add($"乙方：{deal.Buyer.Name}（签章）");
        return t.ToString();
    }

    /// <summary>A reference translation of the Chinese text, for reading only.</summary>
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
        t.Add(Title(kind, english: true) + " (reference translation; the Chinese text prevails)");
        t.Add("");
        t.Add($"Agreement No.: {deal.AgreementId} (revision {revision})");
        t.Add($"Deal No.: {deal.DealId}");
        t.Add($"Listing: {deal.ListingId} {deal.ListingTitle}");
        t.Add($"Trading mode: {deal.TradingMode}; pricing method: {deal.PricingMethod}; struck on {Date(DateOnly.FromDateTime(deal.StruckAt.UtcDateTime))}");
        t.Add("");
        t.Add("Article 1 Parties");
        t.Add($"Party A ({sellerRole}): {deal.Seller.Name} (organisation {deal.Seller.OrganisationId})");
        t.Add($"Party B ({buyerRole}): {deal.Buyer.Name} (organisation {deal.Buyer.OrganisationId})");
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
            DealKind.ExclusiveLicence => "Exclusive licence in the PRC: neither Party A nor any third party may practise the patents.",
            DealKind.SoleLicence => "Sole licence in the PRC: Party A may practise the patents but may not license third parties.",
            DealKind.NonExclusiveLicence => "Non-exclusive licence in the PRC: Party A may practise and license the patents to others.",
            DealKind.OpenLicence => "Open licence on the terms of Party A's published open-licence declaration.",
            DealKind.EquityContribution => "Party A contributes the patents to Party B as capital at the agreed valuation.",
            _ => throw new ArgumentOutOfRangeException(nameof(deal), kind, null),
        });
        t.Add("");
        t.Add("Article 4 Price and payment");
        t.Add($"Price: CNY {Yuan(terms.Price)}.");
        var scheduled = terms.Milestones.Sum(m => m.Amount);
        if (scheduled < terms.Price)
        {
            t.Add($"CNY {Yuan(terms.Price - scheduled)} already paid by Party B during the trade (e.g. a deposit) is credited.");
        }

        foreach (var m in terms.Milestones)
        {
            var due = m.DueOn is { } d ? $"by {Date(d)}" : $"within {LumpSumDueDays} days after the agreement is recorded";
            t.Add($"({m.Id}) {m.Name}: CNY {Yuan(m.Amount)}, {due}.");
        }

        if (IsLicence(kind) && terms.RoyaltyRate is { } rate)
        {
            t.Add($"Royalty: {Percent(rate)} of annual net sales, settled by 31 January of the following year.");
        }

        t.Add("Late payment bears 0.05% of the overdue amount per day.");
        t.Add("");
        t.Add("Articles 5-8 Registration with the patent office, effect on signature by both and recording by the exchange, termination, disputes (mediation by the exchange, then the courts).");
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

    private static string Percent(decimal rate) => (rate * 100m).ToString("0.##", Invariant) + "%";

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    private static string DateZh(DateOnly date) => string.Create(Invariant, $"{date.Year}年{date.Month}月{date.Day}日");

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
