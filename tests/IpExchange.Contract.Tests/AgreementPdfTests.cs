using System.Security.Cryptography;
using IpExchange.Contract.Agreements.Documents;
using UglyToad.PdfPig;

namespace IpExchange.Contract.Tests;

/// <summary>The PDF renderer alone: the same document gives the same bytes, and PdfPig reads back what was printed.</summary>
public sealed class AgreementPdfTests
{
    private static AgreementDocument Sample(int clauses = 30)
    {
        var text = new List<string> { "专利实施许可合同（独占许可）", "", "合同编号：AG-DEAL-20261122-0001（第1版）", "", "第一条　合同双方", "甲方（许可方）：西南轨道交通大学", "乙方（被许可方）：湘通轨道装备股份有限公司" };
        for (var i = 2; i <= clauses; i++)
        {
            text.Add("");
            text.Add($"第{AgreementNumber(i)}条　约定事项");
            text.Add("甲方许可乙方以独占许可方式实施标的专利。许可期限内，甲方不得实施，也不得许可任何第三方实施标的专利；许可使用费中的入门费为人民币 800,000.00 元，“标的专利”是指专利号 201910100001.X 的发明专利。");
        }

        return new AgreementDocument("AG-DEAL-20261122-0001", text,
            [new SignatureLine("甲方：西南轨道交通大学", "王老师", new DateTimeOffset(2026, 11, 22, 8, 1, 0, TimeSpan.Zero)),
             new SignatureLine("乙方：湘通轨道装备股份有限公司", "张经理", new DateTimeOffset(2026, 11, 22, 8, 5, 0, TimeSpan.Zero))],
            "DJ20261122-1A2B3C4D", new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero),
            Convert.ToHexStringLower(SHA256.HashData("text"u8)), Convert.ToHexStringLower(SHA256.HashData("head"u8)), new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    }

    private static string AgreementNumber(int n) => n switch
    {
        < 10 => "〇一二三四五六七八九"[n].ToString(),
        _ => (n / 10 == 1 ? "十" : "〇一二三四五六七八九"[n / 10] + "十") + (n % 10 == 0 ? "" : "〇一二三四五六七八九"[n % 10].ToString()),
    };

    [Fact]
    public void The_same_document_renders_to_the_same_bytes_and_reads_back_across_pages()
    {
        var document = Sample();
        var first = new AgreementPdf().Render(document);
        var second = new AgreementPdf().Render(document);
        Assert.Equal(first, second);
        Assert.True(first.Length < 400_000, $"a subset font keeps the PDF small: {first.Length} bytes");

        using var pdf = PdfDocument.Open(first);
        Assert.True(pdf.NumberOfPages > 1);
        var pages = pdf.GetPages().Select(p => p.Text).ToList();
        Assert.All(pages, p => Assert.Contains(document.ContentHash, p));
        var all = string.Concat(pages);
        Assert.Contains("西南轨道交通大学", all);
        Assert.Contains("湘通轨道装备股份有限公司", all);
        Assert.Contains("800,000.00", all);
        Assert.Contains("2026-11-22 16:05 北京时间", all);
        Assert.Contains("DJ20261122-1A2B3C4D", all);
        Assert.Contains(document.ChainHead, all);
        Assert.Contains($"共 {pdf.NumberOfPages} 页", pages[0]);
    }

    [Fact]
    public void A_character_the_font_lacks_is_reported_before_anything_is_printed()
    {
        var document = Sample(2) with { Signatures = [new SignatureLine("甲方：𠮷野家", "王老师", DateTimeOffset.UnixEpoch)] };
        var missing = new AgreementPdf().MissingGlyphs(document);
        Assert.Equal(0x20BB7, Assert.Single(missing).Value);
        Assert.Throws<ArgumentException>(() => new AgreementPdf().Render(document));
    }
}
