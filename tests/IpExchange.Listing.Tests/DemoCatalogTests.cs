using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Seeding;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Tests;

/// <summary>The demo catalogue is pure data: well-formed numbers and codes, enough of everything, the same on every run.</summary>
public sealed class DemoCatalogTests
{
    private static readonly DateOnly LatestGrant = new(2026, 6, 30);

    [Fact]
    public void Has_universities_enterprises_in_groups_and_one_exchange()
    {
        var organisations = DemoCatalog.Organisations;
        Assert.True(organisations.Count(o => o.Role == Roles.University) >= 8);
        Assert.True(organisations.Count(o => o.Role == Roles.Enterprise) >= 8);
        Assert.Single(organisations, o => o.Role == Roles.Exchange);
        Assert.Contains(organisations.Where(o => o.Role == Roles.Enterprise && o.Group is not null).GroupBy(o => o.Group), g => g.Count() >= 2);
        Assert.Equal(organisations.Count, organisations.Select(o => o.Id).Distinct().Count());
    }

    [Fact]
    public void Has_at_least_200_patents()
    {
        Assert.True(DemoCatalog.Patents.Count >= 200, $"{DemoCatalog.Patents.Count} patents");
    }

    [Fact]
    public void Every_number_is_valid_and_declares_the_type_and_filing_year()
    {
        foreach (var patent in DemoCatalog.Patents)
        {
            Assert.True(PatentNumber.TryNormalize(patent.Number, out var number, out var error), error);
            Assert.Equal(patent.Type, PatentNumber.TypeOf(number));
            Assert.Equal(patent.FilingDate.Year, PatentNumber.YearOf(number));
        }
    }

    [Fact]
    public void Every_ipc_code_and_Locarno_class_normalises_and_designs_have_only_a_Locarno_class()
    {
        foreach (var patent in DemoCatalog.Patents)
        {
            if (patent.Type == PatentType.Design)
            {
                Assert.Empty(patent.IpcCodes);
                Assert.True(LocarnoClass.TryNormalize(patent.LocarnoClass, out var locarno, out var problem), problem);
                Assert.Equal(patent.LocarnoClass, locarno);
                continue;
            }

            Assert.Null(patent.LocarnoClass);
            Assert.NotEmpty(patent.IpcCodes);
            foreach (var code in patent.IpcCodes)
            {
                Assert.True(IpcCode.TryNormalize(code, out var normalised, out var error), error);
                Assert.Equal(code, normalised);
            }
        }
    }

    [Fact]
    public void Numbers_and_titles_are_unique()
    {
        var numbers = DemoCatalog.Patents.Select(p => PatentNumber.TryNormalize(p.Number, out var n, out _) ? n : p.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(DemoCatalog.Patents.Count, DemoCatalog.Patents.Select(p => p.Title).Distinct().Count());
    }

    [Fact]
    public void Each_industry_has_at_least_20_patents()
    {
        Assert.Equal(7, DemoCatalog.Industries.Count);
        foreach (var industry in DemoCatalog.Industries)
        {
            Assert.True(DemoCatalog.Patents.Count(p => p.Industry == industry) >= 20, industry);
        }

        Assert.All(DemoCatalog.Patents, p => Assert.Contains(p.Industry, DemoCatalog.Industries));
    }

    [Fact]
    public void At_least_30_percent_have_english_titles_and_abstracts()
    {
        var english = DemoCatalog.Patents.Count(p => p.TitleEn is not null);
        Assert.True(english >= DemoCatalog.Patents.Count * 0.3, $"{english} of {DemoCatalog.Patents.Count}");
        Assert.All(DemoCatalog.Patents, p => Assert.Equal(p.TitleEn is null, p.AbstractEn is null));
    }

    [Fact]
    public void Every_owner_is_a_university_of_the_catalogue()
    {
        var universities = DemoCatalog.Organisations.Where(o => o.Role == Roles.University).Select(o => o.Id).ToHashSet();
        Assert.All(DemoCatalog.Patents, p => Assert.Contains(p.OwnerId, universities));
    }

    [Fact]
    public void Dates_types_inventors_claims_and_abstracts_are_plausible()
    {
        Assert.Contains(DemoCatalog.Patents, p => p.Type == PatentType.UtilityModel);
        Assert.Contains(DemoCatalog.Patents, p => p.Type == PatentType.Design);
        Assert.True(DemoCatalog.Patents.Count(p => p.Type == PatentType.Invention) > DemoCatalog.Patents.Count / 2);
        foreach (var p in DemoCatalog.Patents)
        {
            Assert.InRange(p.FilingDate.Year, 2012, 2024);
            Assert.InRange(p.GrantDate, p.FilingDate.AddYears(1), p.FilingDate.AddYears(4));
            Assert.True(p.GrantDate <= LatestGrant, p.Number);
            Assert.True(PatentTerm.ExpiresOn(p.Type, p.FilingDate) > new DateOnly(2026, 12, 31), $"{p.Number} expires before the end of 2026");
            Assert.InRange(p.Inventors.Count, 1, 4);
            Assert.Equal(p.Inventors.Count, p.Inventors.Distinct().Count());
            Assert.InRange(p.Abstract.Length, 80, 250);
            if (p.Type == PatentType.Design)
            {
                Assert.Equal(0, p.ClaimsCount);
            }
            else
            {
                Assert.InRange(p.ClaimsCount, 3, 30);
            }
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = DemoCatalog.Generate();
        var second = DemoCatalog.Generate();
        Assert.Equal(Flatten(DemoCatalog.Patents), Flatten(first));
        Assert.Equal(Flatten(first), Flatten(second));
    }

    private static List<string> Flatten(IReadOnlyList<DemoPatent> patents) =>
        patents.Select(p => string.Join('|', p.OwnerId, p.Number, p.Title, p.TitleEn, p.Abstract, p.AbstractEn, string.Join(';', p.IpcCodes), p.Type,
            p.FilingDate, p.GrantDate, string.Join(';', p.Inventors), p.ClaimsCount, p.Industry, p.LocarnoClass)).ToList();
}
