using System.Net;
using System.Net.Http.Json;
using IpExchange.Gateway.Identity;
using IpExchange.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static IpExchange.Gateway.Tests.Edge;

namespace IpExchange.Gateway.Tests;

[Collection("edge")]
public sealed class IdentityTests(Edge edge)
{
    [Fact]
    public void Every_demo_user_is_complete_and_signs_in_with_the_documented_password()
    {
        var users = edge.Gateway.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Users;

        Assert.Equal(6, users.Count);
        Assert.All(users, u => Assert.Null(u.Problem()));
        Assert.All(users, u => Assert.True(PasswordHash.Verify(DemoPassword, u.PasswordHash), u.Username));
        Assert.Equal(2, users.Count(u => u.Role == Roles.University));
        Assert.Equal(1, users.Count(u => u.Role == Roles.Exchange));
        var groups = users.Where(u => u.Role == Roles.Enterprise).GroupBy(u => u.Group).Select(g => g.Count()).Order();
        Assert.Equal([1, 2], groups);
    }

    [Fact]
    public async Task A_wrong_password_or_an_unknown_user_gets_the_same_401_problem()
    {
        using var client = edge.Gateway.Client();

        var wrong = await client.PostAsJsonAsync("/auth/token", new { username = "swrtu", password = "demo-2025" });
        var unknown = await client.PostAsJsonAsync("/auth/token", new { username = "nobody", password = DemoPassword });

        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await Body(response);
            Assert.Equal(401, problem.GetProperty("status").GetInt32());
            Assert.Equal("The username or the password is wrong.", problem.GetProperty("title").GetString());
            Assert.False(problem.TryGetProperty("accessToken", out _));
        }
    }

    [Fact]
    public async Task A_login_without_a_password_is_a_400_naming_the_field()
    {
        using var client = edge.Gateway.Client();

        var response = await client.PostAsJsonAsync("/auth/token", new { username = "swrtu" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Body(response)).GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task The_right_password_gives_a_token_that_works_at_the_gateway_and_in_the_service()
    {
        using var anonymous = edge.Gateway.Client();
        var login = await anonymous.PostAsJsonAsync("/auth/token", new { username = "SWRTU", password = DemoPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await Body(login);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(120 * 60, body.GetProperty("expiresIn").GetInt32());
        Assert.Equal("org-swrtu", body.GetProperty("user").GetProperty("organisationId").GetString());
        Assert.Equal("西南轨道交通大学", body.GetProperty("user").GetProperty("organisationName").GetString());

        using var client = edge.Gateway.Client(body.GetProperty("accessToken").GetString());
        var me = await Body(await client.GetAsync("/auth/me"));
        Assert.Equal("u-swrtu-1", me.GetProperty("id").GetString());
        Assert.Equal(Roles.University, me.GetProperty("role").GetString());

        var number = NewNumber();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/patents", PatentRequest(number))).StatusCode);
        var read = await Body(await client.GetAsync($"/api/patents/{number[2..]}"));
        Assert.Equal("org-swrtu", read.GetProperty("ownerOrganisationId").GetString());
    }

    [Fact]
    public async Task An_enterprise_login_carries_its_corporate_group()
    {
        using var anonymous = edge.Gateway.Client();
        var login = await Body(await anonymous.PostAsJsonAsync("/auth/token", new { username = "xt-semi", password = DemoPassword }));

        using var client = edge.Gateway.Client(login.GetProperty("accessToken").GetString());
        var me = await Body(await client.GetAsync("/auth/me"));
        Assert.Equal(Roles.Enterprise, me.GetProperty("role").GetString());
        Assert.Equal("湘通集团", me.GetProperty("group").GetString());
    }
}
