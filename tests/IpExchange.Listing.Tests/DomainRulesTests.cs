using IpExchange.Contracts;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Patents;

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
    public void Listings_are_searched_by_the_matching_words_whole_words_and_concepts_in_both_languages()
    {
        var lexemes = ListingWords.Lexemes;
        var words = lexemes.Of("一种硬质合金（WC-Co）刀片");
        Assert.Contains("c:硬质合金", words);
        Assert.DoesNotContain("z:质合", words); // no bigram across the word
        Assert.DoesNotContain("z:一种", words); // a function word is no term

        // A query needs every written word, each in any of its forms: 钨钢, 硬质合金 and cemented carbide are one.
        Assert.Equal(lexemes.Query("硬质合金"), lexemes.Query("钨钢"));
        Assert.Equal(lexemes.Query("硬质合金"), lexemes.Query("cemented carbide"));
        Assert.Contains(" & ", lexemes.Query("轨道交通 变流器"));
        Assert.Null(lexemes.Query("  ，。 "));

        // Lexemes are quoted, so tsquery syntax in the input cannot get through.
        Assert.All(lexemes.Query("'); DROP TABLE listings; -- & | !")!.Split(" & "), group => Assert.StartsWith("('", group));
    }

    [Theory]
    [InlineData("12-08", "12-08")]
    [InlineData("12.8", "12-08")]
    [InlineData(" 24 - 01 ", "24-01")]
    [InlineData("32-00", "32-00")]
    [InlineData("33-01", null)]
    [InlineData("12-00", null)]
    [InlineData("1208", null)]
    [InlineData("H02M 7/48", null)]
    public void A_Locarno_class_is_class_and_subclass(string input, string? expected)
    {
        Assert.Equal(expected is not null, LocarnoClass.TryNormalize(input, out var code, out var error));
        Assert.Equal(expected, code);
        Assert.Equal(expected is null, error is not null);
    }
}
