using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using IpExchange.Contracts;
using IpExchange.Contracts.Agreements;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.Testing;
using MassTransit;
using static IpExchange.Contract.Tests.ContractApi;

namespace IpExchange.Contract.Tests;

/// <summary>An agreement driven through its paths over HTTP, with deals arriving on the real RabbitMQ.</summary>
[Collection("contract-api")]
public sealed class AgreementLifecycleTests(ContractApi api) : IAsyncLifetime
{
    private MessageLog _heard = null!;

    public async Task InitializeAsync() => _heard = await MessageLog.Start(api.Bus,
        typeof(AgreementDrafted), typeof(AgreementSigned), typeof(AgreementAmended), typeof(AgreementRecorded), typeof(PaymentReceived),
        typeof(PaymentOverdue), typeof(TransferRegistered), typeof(ContractCompleted), typeof(ContractCancelled));

    public async Task DisposeAsync() => await _heard.DisposeAsync();

    private async Task<T> Heard<T>(Func<T, bool> match, string what)
    {
        await Eventually(() => Task.FromResult(_heard.OfType<T>().Any(match)), what);
        return _heard.OfType<T>().First(match);
    }

    [Fact]
    public async Task A_deal_is_drafted_signed_recorded_paid_registered_and_completed_and_the_listing_is_sold()
    {
        var listing = Listing("一种轨道交通牵引变流器的控制方法");
        var deal = Deal(listing.ListingId, price: 1_000_000m);
        var id = AgreementId(deal);
        var drafted = await api.Draft(deal, listing);

        Assert.Equal("AwaitingSignatures", drafted.Str("status"));
        Assert.Equal(1_000_000m, drafted.GetProperty("price").GetDecimal());
        Assert.Equal(2, drafted.GetProperty("milestones").GetArrayLength());
        Assert.Equal("西南轨道交通大学", drafted.GetProperty("seller").Str("name"));

        // The content hash is the SHA-256 of the exact bytes of the binding text, which names the patent.
        var text = await api.As(Rail).GetByteArrayAsync($"/api/agreements/{id}/text");
        var hash = drafted.Str("contentHash");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(text)), hash);
        var chinese = System.Text.Encoding.UTF8.GetString(text);
        Assert.Contains("专利权转让合同", chinese);
        Assert.Contains("一种轨道交通牵引变流器的控制方法", chinese);
        Assert.Contains("1,000,000.00", chinese);
        Assert.Contains("300,000.00", chinese);

        // The binding document is Chinese only; the English reference translation is a document of its own.
        var document = await api.As(Uni).GetAsync($"/api/agreements/{id}/document?lang=zh");
        Assert.Equal("text/html", document.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", document.Content.Headers.ContentType.CharSet);
        Assert.NotNull(document.Headers.ETag);
        var html = await document.Content.ReadAsStringAsync();
        Assert.Contains(hash, html);
        Assert.Contains("一种轨道交通牵引变流器的控制方法", html);
        Assert.DoesNotContain("Patent Assignment Agreement", html);
        var english = await api.As(Uni).GetStringAsync($"/api/agreements/{id}/document?lang=en");
        Assert.Contains("Patent Assignment Agreement", english);
        Assert.Contains("binds no one", english);

        var draftedMessage = await Heard<AgreementDrafted>(m => m.AgreementId == id, "AgreementDrafted");
        Assert.Equal(hash, draftedMessage.ContentHash);
        Assert.Equal(listing.ListingId, draftedMessage.ListingId);

        var signed = await api.SignByBoth(id, hash);
        Assert.Equal("SignedByBoth", signed.Str("status"));
        Assert.Equal(2, signed.GetProperty("signatures").GetArrayLength());
        Assert.Contains(signed.GetProperty("signatures").EnumerateArray(), s => s.Str("organisationName") == "湘通轨道装备股份有限公司");
        await Heard<AgreementSigned>(m => m.AgreementId == id && m.BothSigned && m.OrganisationId == Rail.OrganisationId, "AgreementSigned by both");

        var recorded = await api.Record(id);
        Assert.Equal("Effective", recorded.Str("status"));
        var recordNumber = recorded.Str("recordNumber");
        Assert.StartsWith("DJ", recordNumber);

        // Recording twice is refused with a clear rule, and changes nothing.
        var again = await api.As(Staff).PostAsync($"/api/agreements/{id}/record", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var twice = await Body(again);
        Assert.Equal("agreement.already-recorded", twice.Rule());
        Assert.Contains(recordNumber, twice.Str("detail"));

        // More than a milestone's outstanding amount is refused and changes nothing.
        var over = await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 300_000.01m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        var overBody = await Body(over);
        Assert.Equal("payment.exceeds-due", overBody.Rule());
        Assert.True(overBody.HasError("amount"));
        Assert.Contains("300,000.00", overBody.Str("detail"));
        var unchanged = await api.Agreement(id, Rail, _ => true, "the agreement");
        Assert.Equal(1_000_000m, unchanged.GetProperty("outstanding").GetDecimal());

        Assert.Equal(HttpStatusCode.OK, (await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 100_000m, reference = "转账 001" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "首付款", amount = 200_000m })).StatusCode);
        var paidOnce = await Heard<PaymentReceived>(m => m.AgreementId == id && m.Amount == 200_000m, "PaymentReceived");
        Assert.Equal(700_000m, paidOnce.Outstanding);
        var afterLast = await Body(await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M2", amount = 700_000m }));
        Assert.Equal(0m, afterLast.GetProperty("outstanding").GetDecimal());
        Assert.Equal("Effective", afterLast.Str("status")); // not yet registered with the patent office

        var registered = await api.As(Uni).PostAsJsonAsync($"/api/agreements/{id}/registration", new { noticeNumber = "2026101500123450", noticeDate = Today });
        Assert.True(registered.StatusCode == HttpStatusCode.OK, await registered.Content.ReadAsStringAsync());
        var completed = await Body(registered);
        Assert.Equal("Completed", completed.Str("status"));

        var done = await Heard<ContractCompleted>(m => m.AgreementId == id, "ContractCompleted");
        Assert.Equal(deal.DealId, done.DealId);
        Assert.Equal(listing.ListingId, done.ListingId);
        Assert.Equal(Uni.OrganisationId, done.SellerOrganisationId);
        Assert.Equal(Rail.OrganisationId, done.BuyerOrganisationId);
        Assert.Equal(1_000_000m, done.Price);
        Assert.Equal("2026101500123450", (await Heard<TransferRegistered>(m => m.AgreementId == id, "TransferRegistered")).NoticeNumber);
        Assert.DoesNotContain(_heard.OfType<ContractCancelled>(), m => m.AgreementId == id);

        // 存证: the whole record in order, with an intact hash chain.
        var evidence = await Body(await api.As(Staff).GetAsync($"/api/agreements/{id}/evidence"));
        Assert.True(evidence.GetProperty("verification").GetProperty("isIntact").GetBoolean());
        var events = evidence.GetProperty("events").EnumerateArray().Select(e => e.Str("event")).ToList();
        Assert.Equal(
            ["AgreementDraftedFromDeal", "AgreementSignedByParty", "AgreementSignedByParty", "AgreementRecordedByExchange", "MilestonePaid", "MilestonePaid",
             "MilestonePaid", "AgreementStepTaken", "AgreementFulfilled"], events);
        Assert.Equal(events.Count, evidence.GetProperty("verification").GetProperty("eventsChecked").GetInt64());

        // Every change after completion is refused.
        var late = await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/cancellation", new { reason = "改主意" });
        Assert.Equal("agreement.ended", (await Body(late)).Rule());
    }

    [Fact]
    public async Task An_amendment_agreed_by_both_resets_the_signatures_and_an_old_hash_is_refused()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14], price: 500_000m, kind: DealKind.ExclusiveLicence, royalty: 0.03m);
        var id = AgreementId(deal);
        var drafted = await api.Draft(deal);
        var oldHash = drafted.Str("contentHash");
        Assert.Contains("独占许可", await api.As(Uni).GetStringAsync($"/api/agreements/{id}/text"));
        Assert.Contains("3%", await api.As(Uni).GetStringAsync($"/api/agreements/{id}/text"));

        Assert.Equal(HttpStatusCode.OK, (await api.Sign(Uni, id, oldHash)).StatusCode);

        var proposal = await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/amendments", new
        {
            price = 450_000m,
            paymentSchedule = new[] { new { name = "一次性付清", amount = 450_000m, dueOn = Today.AddDays(20) } },
            clauses = new[] { "甲方提供为期六个月的技术指导。" },
            reason = "双方协商降价并约定技术服务",
        });
        Assert.True(proposal.StatusCode == HttpStatusCode.OK, await proposal.Content.ReadAsStringAsync());
        Assert.Equal(1, (await Body(proposal)).GetProperty("pendingAmendment").GetInt32());

        // The proposer cannot accept its own proposal; the text is unchanged until the other party accepts.
        var own = await api.As(Rail).PostAsync($"/api/agreements/{id}/amendments/1/accept", null);
        Assert.Equal("amendment.own-proposal", (await Body(own)).Rule());

        var accepted = await api.As(Uni).PostAsync($"/api/agreements/{id}/amendments/1/accept", null);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var amended = await Body(accepted);
        var newHash = amended.Str("contentHash");
        Assert.NotEqual(oldHash, newHash);
        Assert.Equal(2, amended.GetProperty("revision").GetInt32());
        Assert.Equal(0, amended.GetProperty("signatures").GetArrayLength());
        Assert.Equal(450_000m, amended.GetProperty("price").GetDecimal());
        Assert.Equal("AwaitingSignatures", amended.Str("status"));
        var newText = await api.As(Rail).GetStringAsync($"/api/agreements/{id}/text");
        Assert.Contains("甲方提供为期六个月的技术指导。", newText);
        Assert.Contains("第2版", newText);
        var amendedMessage = await Heard<AgreementAmended>(m => m.AgreementId == id, "AgreementAmended");
        Assert.Equal(newHash, amendedMessage.ContentHash);
        Assert.Equal(450_000m, amendedMessage.Price);

        // A signature on the text before the amendment is refused, and records nothing.
        var stale = await api.Sign(Rail, id, oldHash);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        var staleBody = await Body(stale);
        Assert.Equal("agreement.stale-hash", staleBody.Rule());
        Assert.True(staleBody.HasError("contentHash"));
        Assert.Contains(newHash, staleBody.Str("detail"));
        Assert.Equal(0, (await api.Agreement(id, Rail, _ => true, "the agreement")).GetProperty("signatures").GetArrayLength());

        var resigned = await api.SignByBoth(id, newHash);
        Assert.Equal("SignedByBoth", resigned.Str("status"));
        Assert.All(resigned.GetProperty("signatures").EnumerateArray(), s => Assert.Equal(newHash, s.Str("contentHash")));

        // Signing again once both have signed is refused too.
        Assert.Equal("agreement.already-signed", (await Body(await api.Sign(Uni, id, newHash))).Rule());
    }

    [Fact]
    public async Task Only_the_parties_sign_only_the_exchange_records_and_others_do_not_see_the_agreement()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var hash = (await api.Draft(deal)).Str("contentHash");

        // A non-party does not learn the agreement exists; the exchange sees it but does not sign.
        Assert.Equal(HttpStatusCode.NotFound, (await api.Sign(Tools, id, hash)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/agreements/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/agreements/{id}/evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Tools).GetAsync($"/api/agreements/{id}/document")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Sign(Staff, id, hash)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.As(null).GetAsync($"/api/agreements/{id}")).StatusCode);
        Assert.DoesNotContain((await Body(await api.As(Tools).GetAsync("/api/agreements?pageSize=100"))).GetProperty("items").EnumerateArray(), a => a.Str("id") == id);
        Assert.Contains((await Body(await api.As(Rail).GetAsync("/api/agreements?pageSize=100"))).GetProperty("items").EnumerateArray(), a => a.Str("id") == id);
        Assert.Contains((await Body(await api.As(Staff).GetAsync("/api/agreements?status=AwaitingSignatures&pageSize=100"))).GetProperty("items").EnumerateArray(), a => a.Str("id") == id);

        // Recording: not by an enterprise, and not before both have signed.
        await api.Sign(Uni, id, hash);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Rail).PostAsync($"/api/agreements/{id}/record", null)).StatusCode);
        var early = await api.As(Staff).PostAsync($"/api/agreements/{id}/record", null);
        Assert.Equal("agreement.not-signed", (await Body(early)).Rule());

        // Bad input gets the field and why; a malformed hash is a 400, not a stale one.
        var malformed = await Body(await api.Sign(Rail, id, "abc"));
        Assert.Equal(400, malformed.GetProperty("status").GetInt32());
        Assert.True(malformed.HasError("contentHash"));

        var view = await api.Agreement(id, Staff, _ => true, "the agreement");
        Assert.Equal(1, view.GetProperty("signatures").GetArrayLength());
        Assert.Equal("AwaitingSignatures", view.Str("status"));

        // A stale If-Match is a 412, not a 500.
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/agreements/{id}/signatures") { Content = JsonContent.Create(new { contentHash = hash }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.As(Rail).SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_exchange_cancels_with_a_reason_and_the_listing_is_reopened()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        await api.Draft(deal);

        var noReason = await api.As(Staff).PostAsJsonAsync($"/api/agreements/{id}/cancellation", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await Body(noReason)).HasError("reason"));
        Assert.Equal("AwaitingSignatures", (await api.Agreement(id, Staff, _ => true, "the agreement")).Str("status"));

        var cancelled = await api.As(Staff).PostAsJsonAsync($"/api/agreements/{id}/cancellation", new { reason = "标的专利已被宣告无效" });
        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        var view = await Body(cancelled);
        Assert.Equal("Cancelled", view.Str("status"));
        Assert.Contains("标的专利已被宣告无效", view.Str("cancellationReason"));

        var message = await Heard<ContractCancelled>(m => m.AgreementId == id, "ContractCancelled");
        Assert.Equal(deal.DealId, message.DealId);
        Assert.Equal(deal.ListingId, message.ListingId);
        Assert.Contains("标的专利已被宣告无效", message.Reason);

        Assert.Equal("agreement.ended", (await Body(await api.Sign(Uni, id, view.Str("contentHash")))).Rule());
    }

    [Fact]
    public async Task Both_parties_asking_cancels_the_agreement()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        await api.Draft(deal);

        var first = await Body(await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/cancellation", new { reason = "资金安排变化" }));
        Assert.Equal("AwaitingSignatures", first.Str("status"));
        Assert.Equal([Rail.OrganisationId], first.GetProperty("cancellationRequestedBy").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("cancellation.already-requested", (await Body(await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/cancellation", new { reason = "再次" }))).Rule());
        Assert.DoesNotContain(_heard.OfType<ContractCancelled>(), m => m.AgreementId == id);

        var second = await Body(await api.As(Uni).PostAsJsonAsync($"/api/agreements/{id}/cancellation", new { reason = "同意解除" }));
        Assert.Equal("Cancelled", second.Str("status"));
        Assert.Contains("双方协议解除", (await Heard<ContractCancelled>(m => m.AgreementId == id, "ContractCancelled")).Reason);
    }

    [Fact]
    public async Task An_unpaid_milestone_past_its_due_date_raises_payment_overdue_once()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14], price: 200_000m,
            schedule: [new PaymentTerm("首付款", 50_000m, Today.AddDays(-1)), new PaymentTerm("尾款", 150_000m, Today.AddDays(60))]);
        var id = AgreementId(deal);
        var hash = (await api.Draft(deal)).Str("contentHash");
        await api.SignByBoth(id, hash);
        await api.Record(id);

        var overdue = await Heard<PaymentOverdue>(m => m.AgreementId == id, "PaymentOverdue");
        Assert.Equal("M1", overdue.Milestone);
        Assert.Equal(50_000m, overdue.AmountDue);
        Assert.Equal(Today.AddDays(-1), overdue.DueOn);
        Assert.Equal(Rail.OrganisationId, overdue.BuyerOrganisationId);
        var view = await api.Agreement(id, Uni, v => v.GetProperty("milestones")[0].GetProperty("overdue").GetBoolean(), "M1 flagged overdue");
        Assert.False(view.GetProperty("milestones")[1].GetProperty("overdue").GetBoolean());

        // Paying the overdue milestone late is still accepted; nothing more is raised for it.
        Assert.Equal(HttpStatusCode.OK, (await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 50_000m })).StatusCode);
        // The agreement's own record says it once: one MilestoneFellOverdue, from which the one PaymentOverdue went out.
        var evidence = await Body(await api.As(Uni).GetAsync($"/api/agreements/{id}/evidence"));
        Assert.Single(evidence.GetProperty("events").EnumerateArray(), e => e.Str("event") == "MilestoneFellOverdue");
        Assert.Single(_heard.OfType<PaymentOverdue>(), m => m.AgreementId == id);
    }

    [Fact]
    public async Task A_deal_delivered_twice_drafts_one_agreement()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var messageId = Guid.NewGuid();
        var resent = Guid.NewGuid();
        await api.Bus.Publish(deal, c => c.MessageId = messageId);
        await api.Bus.Publish(deal, c => c.MessageId = messageId); // redelivered
        await api.Bus.Publish(deal, c => c.MessageId = resent);    // re-sent with a new id
        await api.Agreement(id, Uni, _ => true, "the agreement");
        await api.Consumed(messageId);
        await api.Consumed(resent, "the re-sent deal handled");

        var evidence = await Body(await api.As(Uni).GetAsync($"/api/agreements/{id}/evidence"));
        Assert.Single(evidence.GetProperty("events").EnumerateArray());
        Assert.Single(_heard.OfType<AgreementDrafted>(), m => m.AgreementId == id);
        var mine = (await Body(await api.As(Staff).GetAsync("/api/agreements?pageSize=100"))).GetProperty("items").EnumerateArray();
        Assert.Single(mine, a => a.Str("dealId") == deal.DealId);
    }

    [Fact]
    public async Task A_deal_the_listing_refused_cancels_its_agreement()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        await api.Draft(deal);
        await api.Bus.Publish(new DealRefused(deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, "The listing is already reserved for deal D-1.", DateTimeOffset.UtcNow));

        var view = await api.Agreement(id, Rail, v => v.Str("status") == "Cancelled", "the agreement cancelled");
        Assert.Contains("already reserved", view.Str("cancellationReason"));
        Assert.Contains("already reserved", (await Heard<ContractCancelled>(m => m.AgreementId == id, "ContractCancelled")).Reason);
    }

    [Fact]
    public async Task Payments_and_registration_with_bad_input_get_field_errors_and_change_nothing()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14], price: 100_000m, schedule: []);
        var id = AgreementId(deal);
        var drafted = await api.Draft(deal);
        Assert.Equal(100_000m, drafted.GetProperty("milestones")[0].GetProperty("amount").GetDecimal());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, drafted.GetProperty("milestones")[0].GetProperty("dueOn").ValueKind);

        var beforeRecording = await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 1m });
        Assert.Equal("agreement.not-effective", (await Body(beforeRecording)).Rule());

        await api.SignByBoth(id, drafted.Str("contentHash"));
        var recorded = await api.Record(id);
        Assert.Equal(Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), recorded.GetProperty("milestones")[0].Str("dueOn"));

        var bad = await Body(await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M9", amount = -5m }));
        Assert.Equal(400, bad.GetProperty("status").GetInt32());
        Assert.True(bad.HasError("milestone"));
        Assert.True(bad.HasError("amount"));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(Uni).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 1m })).StatusCode);

        var future = await Body(await api.As(Uni).PostAsJsonAsync($"/api/agreements/{id}/registration", new { noticeNumber = "N-1", noticeDate = Today.AddDays(3) }));
        Assert.True(future.HasError("noticeDate"));

        var view = await api.Agreement(id, Rail, _ => true, "the agreement");
        Assert.Equal(100_000m, view.GetProperty("outstanding").GetDecimal());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view.GetProperty("registration").ValueKind);

        // Registered first, paid last: the payment completes it.
        Assert.Equal(HttpStatusCode.OK, (await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/registration", new { noticeNumber = "N-1", noticeDate = Today })).StatusCode);
        Assert.Equal("registration.already-recorded", (await Body(await api.As(Uni).PostAsJsonAsync($"/api/agreements/{id}/registration", new { noticeNumber = "N-2", noticeDate = Today }))).Rule());
        var paid = await Body(await api.As(Rail).PostAsJsonAsync($"/api/agreements/{id}/payments", new { milestone = "M1", amount = 100_000m }));
        Assert.Equal("Completed", paid.Str("status"));
        Assert.Equal(100_000m, (await Heard<ContractCompleted>(m => m.AgreementId == id, "ContractCompleted")).Price);
    }

    [Fact]
    public async Task A_refusal_that_overtakes_its_deal_leaves_nothing_to_sign()
    {
        var deal = Deal($"L-{Guid.NewGuid():N}"[..14]);
        var id = AgreementId(deal);
        var refusal = Guid.NewGuid();
        await api.Bus.Publish(new DealRefused(deal.DealId, deal.ListingId, deal.SellerOrganisationId, deal.BuyerOrganisationId, "The listing is withdrawn.", DateTimeOffset.UtcNow),
            c => c.MessageId = refusal);
        await api.Consumed(refusal, "the refusal handled");
        var late = Guid.NewGuid();
        await api.Bus.Publish(deal, c => c.MessageId = late);
        await api.Consumed(late, "the late deal handled");

        Assert.Equal(HttpStatusCode.NotFound, (await api.As(Rail).GetAsync($"/api/agreements/{id}")).StatusCode);
        Assert.DoesNotContain(_heard.OfType<AgreementDrafted>(), m => m.AgreementId == id);
        Assert.DoesNotContain((await Body(await api.As(Staff).GetAsync("/api/agreements?pageSize=100"))).GetProperty("items").EnumerateArray(), a => a.Str("id") == id);
    }
}
