using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.Text;

namespace IpExchange.Listing.Tests;

/// <summary>Pure rules: numbers, codes, terms, search terms. No I/O.</summary>
public sealed class DomainRulesTests
{
    [Theory]
    [InlineData("ZL201710601862.3", "201710601862.3")]
    [InlineData("201710601862.3", "201710601862.3")]
    [InlineData("zl 2017 1060 1862.3", "201710601862.3")]
    [InlineData("CN202310123456.6", "202310123456.6")]
    [InlineData("ZL95115608.X", "95115608.X")]
    [InlineData("ZL202320123456.1", "202320123456.1")]
    [InlineData("2017106018623", "201710601862.3")]
    public void Valid_patent_numbers_are_normalised(string input, string expected)
    {
        Assert.True(PatentNumber.TryNormalize(input, out var number, out var error), error);
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("ZL202310123456.7", "check digit")]   // the right check digit is 6
    [InlineData("ZL201710601862.4", "check digit")]
    [InlineData("ZL2017106018624", "check digit")]
    [InlineData("ZL20171060186.3", "not a Chinese patent number")]
    [InlineData("US10123456B2", "not a Chinese patent number")]
    [InlineData("", "required")]
    [InlineData("ZL202350123456.8", "type digit")]
    public void Malformed_patent_numbers_say_why(string input, string reason)
    {
        Assert.False(PatentNumber.TryNormalize(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_number_declares_type_and_year()
    {
        Assert.Equal(PatentType.Invention, PatentNumber.TypeOf("201710601862.3"));
        Assert.Equal(PatentType.UtilityModel, PatentNumber.TypeOf("202320123456.1"));
        Assert.Equal(2017, PatentNumber.YearOf("201710601862.3"));
        Assert.Equal(1995, PatentNumber.YearOf("95115608.X"));
    }

    [Theory]
    [InlineData("H02M 7/48", "H02M 7/48")]
    [InlineData("h02m7/48", "H02M 7/48")]
    [InlineData("B22F 3/00", "B22F 3/00")]
    [InlineData("C22C 29/08", "C22C 29/08")]
    [InlineData("A61K 0031/4439", "A61K 31/4439")]
    public void Ipc_codes_are_normalised(string input, string expected)
    {
        Assert.True(IpcCode.TryNormalize(input, out var code, out _));
        Assert.Equal(expected, code);
        Assert.Equal(expected[..1], IpcCode.Section(code));
    }

    [Theory]
    [InlineData("I02M 7/48")]
    [InlineData("H2M 7/48")]
    [InlineData("H02M")]
    [InlineData("H02M 7")]
    [InlineData("H02M 7/4")]
    [InlineData("'; DROP TABLE patents; --")]
    public void Bad_ipc_codes_are_refused(string input) => Assert.False(IpcCode.TryNormalize(input, out _, out _));

    [Theory]
    [InlineData(PatentType.Invention, "2010-03-15", "2030-03-15")]
    [InlineData(PatentType.UtilityModel, "2020-01-10", "2030-01-10")]
    [InlineData(PatentType.Design, "2021-05-31", "2031-05-31")]
    [InlineData(PatentType.Design, "2021-06-01", "2036-06-01")]
    public void The_term_follows_from_type_and_filing_date(PatentType type, string filed, string expires) =>
        Assert.Equal(DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), PatentTerm.ExpiresOn(type, DateOnly.Parse(filed, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Chinese_is_indexed_as_bigrams_and_English_as_folded_words()
    {
        Assert.Equal(["轨道", "道交", "交通", "通牵", "牵引", "引变", "变流", "流器"], SearchTerms.Of("轨道交通牵引变流器"));
        Assert.Equal(["traction", "converter", "rail", "transit"], SearchTerms.Of("Traction converters for rail transit"));
        Assert.Equal(["硬质", "质合", "合金", "wc", "co"], SearchTerms.Of("一种硬质合金（WC-Co）"));
        Assert.Equal("'轨道' & '道交' & '交通' & '变流' & '流器'", SearchTerms.Query("轨道交通 变流器"));
        Assert.Null(SearchTerms.Query("  ，。 "));
        // Terms are letters and digits only, so tsquery syntax in the input cannot get through.
        Assert.Equal("'drop' & 'table' & 'listing'", SearchTerms.Query("'); DROP TABLE listings; -- & | !"));
    }
}
