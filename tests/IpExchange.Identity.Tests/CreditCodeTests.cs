using IpExchange.Identity.Organisations;
using IpExchange.Identity.Seeding;

namespace IpExchange.Identity.Tests;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // the example of GB 32100-2015
    [InlineData("91110000600037341L")]
    [InlineData("125101004581009355")]
    public void A_valid_code_passes(string code)
    {
        Assert.True(CreditCode.TryNormalize(code, out var normalized, out var problem), problem?.Message);
        Assert.Equal(code, normalized);
    }

    [Fact]
    public void A_code_typed_with_spaces_hyphens_and_lower_case_is_normalised()
    {
        Assert.True(CreditCode.TryNormalize(" 9135 0100-m000 100y43 ", out var normalized, out _));
        Assert.Equal("91350100M000100Y43", normalized);
    }

    [Fact]
    public void A_wrong_check_character_is_refused_naming_the_right_one()
    {
        Assert.False(CreditCode.TryNormalize("91350100M000100Y44", out _, out var problem));
        Assert.Equal("credit-code.check-character", problem.Code);
        Assert.Equal("3", problem.Parameters!["expected"]);
        Assert.Contains("must be 3", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "required", "required")]
    [InlineData("91350100M000100Y4", "credit-code.length", "18 characters")]
    [InlineData("91350100M000100I43", "credit-code.character", "'I' cannot appear")]
    [InlineData("91350100MO00100Y43", "credit-code.character", "'O' cannot appear")]
    [InlineData("Z1350100M000100Y43", "credit-code.character", "'Z' cannot appear")]
    [InlineData("B1350100M000100Y43", "credit-code.authority", "registration authority")]
    [InlineData("9135A100M000100Y43", "credit-code.division", "division code")]
    [InlineData("91350100M000100X43", "credit-code.organisation-code-check", "organisation code")]
    public void A_malformed_code_is_refused_with_a_stable_code_saying_why(string code, string problemCode, string why)
    {
        Assert.False(CreditCode.TryNormalize(code, out _, out var problem));
        Assert.Equal(problemCode, problem.Code);
        Assert.Contains(why, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_check_character_is_reachable_and_each_single_change_of_a_character_is_caught()
    {
        var valid = "91350100M000100Y43";
        for (var position = 0; position < 17; position++)
        {
            foreach (var c in CreditCode.Alphabet.Where(c => c != valid[position]))
            {
                var first17 = valid[..position] + c + valid[(position + 1)..17];
                Assert.NotEqual(valid[17], CreditCode.CheckCharacter(first17));
            }
        }
    }

    [Fact]
    public void Every_demo_member_has_a_valid_code_of_its_own()
    {
        var members = DemoMembers.Load();
        Assert.Equal(24, members.Organisations.Count);
        Assert.All(members.Organisations, o => Assert.True(CreditCode.TryNormalize(o.CreditCode, out var code, out var problem) && code == o.CreditCode, $"{o.Id}: {problem?.Message}"));
        Assert.Equal(members.Organisations.Count, members.Organisations.Select(o => o.CreditCode).Distinct().Count());
        Assert.All(members.Users, u => Assert.Contains(members.Organisations, o => o.Id == u.OrganisationId));
        Assert.Equal(["cq-bank", "cq-guar", "exchange", "lj-tool", "swrtu", "xjhm", "xt-rail", "xt-semi"], members.Users.Select(u => u.UserName).Order());
    }
}
