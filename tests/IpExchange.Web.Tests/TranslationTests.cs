using IpExchange.SystemTesting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>
/// Nothing the services say reaches a person untranslated: after a listing transfer and an auction
/// run through the services, every page of every role is read in Chinese and in English, and no
/// code (<c>bid.below-increment</c>), enum or event name (<c>OpenLicence</c>, <c>AuctionEnded</c>),
/// internal id (<c>org-ljtool</c>, <c>listing-GP…</c>) or raw English detail may be on it.
/// </summary>
[Collection("web")]
public sealed class TranslationTests(WebSystem system)
{
    /// <summary>Finds what must not be read on a page (the agreement's binding text included); returns each finding with a little of its context.</summary>
    private const string Scan = """
        (zh) => {
          const text = document.body.innerText;
          const found = [];
          const look = (name, regex) => { for (const m of text.matchAll(regex)) found.push(`${name}: "${m[0]}" in "…${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\s+/g, ' ')}…"`); };
          look('code', /(?<![\w@.\/:-])[a-z]+\.[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?![\w@.\/-])/g);
          look('PascalCase name', /\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b/g);
          look('internal id', /\borg-[a-z0-9-]+|\b(?:deal|listing|auction|alert|agreement|demand)-[A-Z]{2,}[\w-]*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/g);
          look('raw value', /\bundefined\b|\bnull\b|\bNaN\b|\[object Object\]|HTTP \d{3}/g);
          if (zh) look('English word on a Chinese page', /\b(?:Seller|Buyer|Licensed|Public|Reserved|Sold|Draft|Submitted|Rejected|Withdrawn|Expired|Open|Closed|Running|Scheduled|Won|Assignment|Invention|Valid|Pending|Struck|Completed|Cancelled|Raised|Recorded|Drafted|Signed|Refused|Negotiated|Auction|Bidding|Directed|Alliance|Enterprise|Verified|Suspended|administrator|operator|signer|intact|broken)\b/g);
          return found;
        }
        """;

    [Fact]
    public async Task Every_page_of_every_role_reads_in_chinese_and_in_english_without_codes_enums_or_ids()
    {
        using var client = new ExchangeClient(new Uri(system.BaseUrl));
        await client.SignInAll(CancellationToken.None);
        var workload = new DealWorkload(client);
        var transfer = await workload.Transfer(0, CancellationToken.None);
        var auction = await workload.Auction(1, TimeSpan.FromSeconds(4), CancellationToken.None);
        var agreementOfTransfer = await AgreementOf(client, transfer.DealId);

        var pages = new Dictionary<string, string[]>
        {
            ["swrtu"] = ["/desk", "/patents", "/listings/mine", "/listings/new", "/offers", "/agreements", "/payments", $"/listings/{transfer.ListingId}", $"/agreements/{agreementOfTransfer}"],
            ["lj-tool"] = ["/desk", "/market", "/demands", "/auctions", "/auctions?status=Closed", $"/auctions/{auction.AuctionId}", "/offers", "/agreements", $"/listings/{auction.ListingId}"],
            ["exchange"] = ["/desk", "/review", "/members", "/auctions?status=Closed", $"/auctions/{auction.AuctionId}", "/cockpit", "/alerts", "/agreements", "/audit",
                $"/audit/{transfer.DealId}", $"/audit/{auction.DealId}", "/market", $"/listings/{auction.ListingId}", $"/agreements/{agreementOfTransfer}", "/users"],
        };

        var findings = new List<string>();
        foreach (var (user, paths) in pages)
        {
            var page = await system.SignIn(user);
            var scriptErrors = new List<string>();
            page.PageError += (_, error) => scriptErrors.Add(error);
            foreach (var language in new[] { "zh", "en" })
            {
                await page.EvaluateAsync($"localStorage.setItem('ipx.lang', '{language}')");
                foreach (var path in paths)
                {
                    await page.GotoAsync(path);
                    await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
                    await Expect(page.Locator("main .loading")).ToHaveCountAsync(0);
                    await page.WaitForFunctionAsync("() => window.ipxPending === 0");
                    var found = await page.EvaluateAsync<string[]>(Scan, language == "zh");
                    findings.AddRange(found.Select(f => $"{user} {language} {path}: {f}"));
                    await system.Screenshot(page, $"i18n-{user}-{language}-{path.Trim('/').Replace('/', '_').Replace('?', '_').Replace('=', '-')}");
                }
            }

            Assert.Empty(scriptErrors);
            await page.Context.CloseAsync();
        }

        Assert.True(findings.Count == 0, "Untranslated text on the pages:\n" + string.Join("\n", findings.Distinct()));
    }

    [Fact]
    public async Task A_refusal_reads_as_a_sentence_in_the_users_language_never_as_the_services_english_or_its_code()
    {
        var page = await system.SignIn("swrtu");
        foreach (var (language, required, summary) in new[] { ("zh", "此项必填", "请检查填写的内容"), ("en", "This field is required", "Please check what you entered") })
        {
            await page.EvaluateAsync($"localStorage.setItem('ipx.lang', '{language}')");
            await page.GotoAsync("/patents");
            var form = page.Locator("form").Filter(new() { Has = page.Locator("[data-field=number]") });
            await form.Locator("[data-field=number] input").FillAsync("ZL2019123");
            await form.Locator("button[type=submit]").ClickAsync();

            await Expect(form.Locator("[data-field=title] .field-error")).ToHaveTextAsync(required);
            await Expect(form.Locator("[data-field=number] .field-error")).Not.ToBeEmptyAsync();
            await Expect(form.Locator(".form-banner .banner-error")).ToContainTextAsync(summary);
            var text = await form.InnerTextAsync();
            Assert.DoesNotContain("patent.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("This field is required.", text, StringComparison.Ordinal); // the service's own message ends with a full stop
            Assert.DoesNotContain("Invention", language == "zh" ? text : "", StringComparison.Ordinal);
            await system.Screenshot(page, $"i18n-field-errors-{language}");
        }

        await page.Context.CloseAsync();
    }

    private static async Task<string> AgreementOf(ExchangeClient client, string dealId)
    {
        string? id = null;
        await DealWorkload.Until(async () =>
        {
            var answer = await client.Get(DemoUsers.Exchange, "/api/agreements?pageSize=100", CancellationToken.None);
            id = answer.Ok
                ? answer.Body.GetProperty("items").EnumerateArray().Where(a => a.GetProperty("dealId").GetString() == dealId)
                    .Select(a => a.GetProperty("id").GetString()).FirstOrDefault()
                : null;
            return id is not null;
        }, $"the agreement of {dealId}", TimeSpan.FromSeconds(60), CancellationToken.None);
        return id!;
    }
}
