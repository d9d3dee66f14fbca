using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IpExchange.Contracts;
using IpExchange.Contracts.Listings;
using IpExchange.Testing;
using static IpExchange.Listing.Tests.ListingApi;

namespace IpExchange.Listing.Tests;

/// <summary>
/// Design patents (外观设计: a Locarno class, no IPC codes, no claims), the English texts and the
/// owner's keywords reaching the publication, and the search by the matching's words.
/// </summary>
[Collection("listing-api")]
public sealed class DesignAndWordsTests(ListingApi api)
{
    private static object DesignRequest(string number, string? locarno = "12-08", string[]? ipc = null, int? claims = null) => new
    {
        number,
        title = "城际动车组头车",
        titleEn = "Leading car of an intercity multiple unit",
        @abstract = "1．本外观设计产品的名称：城际动车组头车。2．本外观设计产品的用途：用于城际铁路客运。3．本外观设计产品的设计要点：在于形状。",
        abstractEn = "1. Name of the product: leading car of an intercity multiple unit. 2. Use: intercity rail passenger services. 3. Design points: the shape.",
        ipcCodes = ipc,
        locarnoClass = locarno,
        type = "Design",
        filingDate = "2022-03-15",
        grantDate = "2022-09-20",
        legalStatus = "Valid",
        inventors = new[] { "王强" },
        claimsCount = claims,
    };

    private static async Task<(JsonElement Errors, JsonElement Codes)> Refused(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await Body(response);
        return (body.GetProperty("errors"), body.GetProperty("codes"));
    }

    private static string CodeOf(JsonElement codes, string field) => codes.GetProperty(field)[0].GetProperty("code").GetString()!;

    [Fact]
    public async Task A_design_patent_is_registered_with_its_Locarno_class_no_IPC_and_no_claims_for_fifteen_years()
    {
        var number = NewNumber(2022, '3');
        var created = await api.As(Tju).PostAsJsonAsync("/api/patents", DesignRequest(number, locarno: "12.3"));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var patent = await Body(await api.As(Tju).GetAsync($"/api/patents/{number[2..]}"));
        Assert.Equal("Design", patent.GetProperty("type").GetString());
        Assert.Equal("12-03", patent.GetProperty("locarnoClass").GetString()); // normalised
        Assert.Equal(0, patent.GetProperty("ipcCodes").GetArrayLength());
        Assert.Equal(0, patent.GetProperty("claimsCount").GetInt32());
        Assert.Equal("2037-03-15", patent.GetProperty("expiresOn").GetString()); // filed after 2021-06-01: 15 years
        Assert.StartsWith("1. Name of the product", patent.GetProperty("abstractEn").GetString());

        var listed = await Body(await api.As(Tju).GetAsync("/api/patents?pageSize=100"));
        Assert.Contains(listed.GetProperty("items").EnumerateArray(),
            p => p.GetProperty("id").GetString() == number[2..] && p.GetProperty("locarnoClass").GetString() == "12-03");
    }

    [Fact]
    public async Task A_design_with_IPC_codes_or_claims_or_without_a_Locarno_class_is_refused_and_an_invention_with_one_too()
    {
        var (errors, codes) = await Refused(await api.As(Tju).PostAsJsonAsync("/api/patents",
            DesignRequest(NewNumber(2022, '3'), locarno: null, ipc: ["B61D 17/02"], claims: 3)));
        Assert.Equal("patent.design-without-ipc", CodeOf(codes, "ipcCodes"));
        Assert.Equal("patent.design-without-claims", CodeOf(codes, "claimsCount"));
        Assert.Equal("required", CodeOf(codes, "locarnoClass"));
        Assert.Contains("Locarno", errors.GetProperty("locarnoClass")[0].GetString());

        (_, codes) = await Refused(await api.As(Tju).PostAsJsonAsync("/api/patents", DesignRequest(NewNumber(2022, '3'), locarno: "33-01")));
        Assert.Equal("locarno.invalid", CodeOf(codes, "locarnoClass"));

        // The number's type digit 3 is a design's: declared as an invention, it is refused, and an invention has no Locarno class.
        var invention = NewNumber(2022);
        var request = JsonSerializer.SerializeToNode(PatentRequest(invention))!.AsObject();
        request["locarnoClass"] = "12-08";
        (_, codes) = await Refused(await api.As(Tju).PostAsJsonAsync("/api/patents", request));
        Assert.Equal("patent.locarno-for-designs", CodeOf(codes, "locarnoClass"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tju).GetAsync($"/api/patents/{invention[2..]}")).StatusCode);
    }

    [Fact]
    public async Task The_publication_carries_the_English_texts_the_keywords_and_a_designs_Locarno_class()
    {
        await using var heard = await MessageLog.Start(api.Bus, typeof(ListingPublished));
        var design = await api.RegisterPatent(Tju, DesignRequest(NewNumber(2022, '3')));
        var invention = await api.RegisterPatent(Tju);
        var id = await api.Publish(Tju, ListingRequest([design, invention], extra: new { keywords = new[] { "动车组", "intercity EMU" } }));

        ListingPublished? published = null;
        await Eventually(() => Task.FromResult((published = heard.OfType<ListingPublished>().FirstOrDefault(p => p.ListingId == id)) is not null), "the publication");
        Assert.Equal(["动车组", "intercity EMU"], published!.Keywords);
        var car = published.Patents.Single(p => p.PatentId == design);
        Assert.Equal((PatentType.Design, "12-08", 0), (car.Type, car.LocarnoClass, car.IpcCodes.Count));
        Assert.Equal("Leading car of an intercity multiple unit", car.TitleEn);
        Assert.StartsWith("1. Name of the product", car.AbstractEn);
        var converter = published.Patents.Single(p => p.PatentId == invention);
        Assert.Equal("A method to locate open-circuit faults of power devices in traction converters from current signatures.", converter.AbstractEn);
        Assert.StartsWith("本发明公开了", converter.Abstract);

        var listing = await api.Listing(id, Tju);
        Assert.Equal(["动车组", "intercity EMU"], listing.GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task The_search_finds_a_listing_by_its_words_a_synonym_an_English_name_and_its_abstracts_but_not_by_a_piece_of_a_word()
    {
        var tag = $"kw{Guid.NewGuid():N}"[..8];
        var patent = await api.RegisterPatent(Csu, new
        {
            number = NewNumber(2020),
            title = "一种梯度结构硬质合金刀片",
            @abstract = "在含氮气氛中烧结使刀片表层形成富钴韧性区，抑制数控车削时的崩刃。",
            abstractEn = "Nitrogen sintering gives the insert a cobalt-rich tough surface zone against edge chipping.",
            ipcCodes = new[] { "C22C 29/08" },
            type = "Invention",
            filingDate = "2020-05-10",
            grantDate = "2022-01-10",
            legalStatus = "Valid",
            inventors = new[] { "李娜" },
            claimsCount = 8,
        });
        var id = await api.Publish(Csu, ListingRequest([patent], extra: new
        {
            title = $"梯度硬质合金刀片专利转让 {tag}", titleEn = (string?)null, summary = "韧性好、寿命长的数控刀片。", keywords = new[] { "车削" },
        }));

        async Task<IReadOnlyList<string>> Search(string q) => await api.SearchIds(Crrc, "q=" + Uri.EscapeDataString($"{tag} {q}") + "&pageSize=100");
        Assert.Contains(id, await Search("硬质合金 刀片"));
        Assert.Contains(id, await Search("钨钢"));              // a colloquial synonym of 硬质合金
        Assert.Contains(id, await Search("cemented carbide"));  // its English name
        Assert.Contains(id, await Search("chipping"));          // the English abstract
        Assert.Contains(id, await Search("崩刃"));              // the Chinese abstract
        Assert.Contains(id, await Search("C22C"));              // the IPC code
        Assert.DoesNotContain(id, await Search("变流器"));
        Assert.DoesNotContain(id, await api.SearchIds(Crrc, "q=" + Uri.EscapeDataString("质合") + "&pageSize=100")); // no bigram across 硬质合金

        var page = await Body(await api.As(Crrc).GetAsync("/api/listings?q=" + Uri.EscapeDataString($"{tag} 刀片") + "&pageSize=100"));
        Assert.True(page.GetProperty("items")[0].GetProperty("relevance").GetDouble() > 0);
        Assert.Equal(["车削"], page.GetProperty("items")[0].GetProperty("keywords").EnumerateArray().Select(k => k.GetString()));
    }
}
