using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.Listing.Listings;
using IpExchange.Listing.Listings.Drafting;
using IpExchange.Listing.Listings.Expiring;
using IpExchange.Listing.Listings.Reviewing;
using IpExchange.Listing.Listings.Submitting;
using IpExchange.Listing.Listings.Withdrawing;
using IpExchange.Listing.Patents;
using IpExchange.Listing.Patents.Registering;
using IpExchange.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace IpExchange.Listing.Seeding;

/// <summary>
/// Demo data for the run command (<c>IpExchange.Listing seed</c>): the catalogue's patents, and
/// listings in every status a seller and the exchange's review give them, made by the same deciders
/// the API uses, so the events and the read models are what real use would leave. No listing is
/// reserved or sold here: those come from deals, which the demo users make through the gateway
/// afterwards (tools/IpExchange.DemoTrades, run by deploy/seed.sh), so that Matching and Contract
/// hold a deal and an agreement behind every reserved or sold listing. Idempotent: a second run
/// finds the marker and stops.
/// Integration events go to the outbox; the running service's relay publishes them.
/// </summary>
public sealed class DemoSeeder(EventStore.EventStore store, TimeProvider time, IOptions<ProjectContactOptions> contacts)
{
    private const string Marker = "seed-demo-v1";
    private static readonly Caller Reviewer = new("demo-org-exchange", "交易中心审核员", "org-exchange", "巴渝知识产权交易中心", Roles.Exchange, null, "重庆");

    public async Task<int> Run(CancellationToken cancellationToken)
    {
        if (await store.StreamVersion(Marker, cancellationToken) > 0)
        {
            return 0;
        }

        var today = ExchangeCalendar.Today(time);
        var random = new Random(20261122);
        var owners = DemoCatalog.Organisations.Where(o => o.Role == Roles.University).ToDictionary(o => o.Id);
        var buyers = DemoCatalog.Organisations.Where(o => o.Role == Roles.Enterprise).ToList();

        foreach (var patent in DemoCatalog.Patents)
        {
            await Register(patent, Caller(owners[patent.OwnerId]), today, cancellationToken);
        }

        // Listings: single patents and small portfolios of one owner, in every status. The Reserved and
        // Sold shares are listed with the terms of an exclusive negotiated deal and left public: the
        // demo's trades make their deals (tools/IpExchange.DemoTrades); the plan keeps its order so that
        // every listing keeps its id and terms (tests/IpExchange.Benchmarks/MatchingQuality.cs mirrors it).
        var plan = new[]
        {
            (ListingStatus.Public, 90), (ListingStatus.Draft, 10), (ListingStatus.Submitted, 12), (ListingStatus.Rejected, 8),
            (ListingStatus.Reserved, 8), (ListingStatus.Sold, 8), (ListingStatus.Withdrawn, 8), (ListingStatus.Expired, 8),
        };
        var available = DemoCatalog.Patents.Where(p => PatentTerm.ExpiresOn(p.Type, p.FilingDate) > today.AddYears(2)).GroupBy(p => p.OwnerId)
            .ToDictionary(g => g.Key, g => new Queue<DemoPatent>(g));
        var created = 0;
        var n = 0;
        foreach (var (status, count) in plan)
        {
            for (var i = 0; i < count; i++, n++)
            {
                var ownerId = available.Keys.ElementAt(n % available.Count);
                var queue = available[ownerId];
                if (queue.Count == 0)
                {
                    continue;
                }

                var portfolio = new List<DemoPatent> { queue.Dequeue() };
                if (n % 7 == 3)
                {
                    while (portfolio.Count < 3 && queue.TryPeek(out var next) && next.Industry == portfolio[0].Industry)
                    {
                        portfolio.Add(queue.Dequeue());
                    }
                }

                await CreateListing(status, portfolio, Caller(owners[ownerId]), buyers[n % buyers.Count], random, today, n, cancellationToken);
                created++;
            }
        }

        await using var session = await store.OpenSession(EventMetadata.System(), cancellationToken);
        session.Append(Marker, ExpectedVersion.NoStream, new DemoDataSeeded(DemoCatalog.Patents.Count, created));
        await session.SaveChanges(cancellationToken);
        return DemoCatalog.Patents.Count;
    }

    private async Task Register(DemoPatent patent, Caller owner, DateOnly today, CancellationToken cancellationToken)
    {
        var request = new RegisterPatentRequest(patent.Number, patent.Title, patent.TitleEn, patent.Abstract, patent.AbstractEn, patent.IpcCodes,
            patent.Type, patent.FilingDate, patent.GrantDate, LegalStatus.Valid, patent.Inventors,
            patent.Type == PatentType.Design ? null : patent.ClaimsCount, null, patent.LocarnoClass);
        await using var session = await store.OpenSession(Metadata(owner), cancellationToken);
        PatentNumber.TryNormalize(patent.Number, out var number, out _);
        var existing = await session.Load<Patent>(Patent.StreamId(number!), cancellationToken);
        if (existing.Exists)
        {
            return;
        }

        session.Append(existing, RegisterPatent.Decide(existing.State, request, owner, today));
        await session.SaveChanges(cancellationToken);
    }

    private async Task CreateListing(ListingStatus target, List<DemoPatent> portfolio, Caller owner, DemoOrganisation buyer, Random random, DateOnly today, int n, CancellationToken cancellationToken)
    {
        var request = Terms(portfolio, random, today, n, target, buyer);
        var id = $"GP-DEMO-{n + 1:D4}";
        var streamId = Listing.Listings.Listing.StreamId(id);

        // A run cut short leaves some listings made: those are kept as they are, the rest are made.
        if (await store.StreamVersion(streamId, cancellationToken) > 0)
        {
            return;
        }

        // Expired listings ran their period in the past: their terms are written as they were then,
        // and they were submitted and approved on their first day.
        var expired = target == ListingStatus.Expired;
        var drafted = false;
        await Step(owner, streamId, async (_, session) =>
        {
            var patents = await DraftListing.LoadPatents(session, request.PatentIds, cancellationToken);
            if (patents.Count != request.PatentIds!.Count || patents.Any(p => p.OwnerOrganisationId != owner.OrganisationId || p.ActiveListings.Count > 0))
            {
                return []; // the store already holds other data for these patents: leave them be
            }

            var draft = DraftListing.Draft(id, request, owner, patents, today);
            if (expired)
            {
                var from = today.AddDays(-120 - n);
                draft = draft with { Terms = draft.Terms with { ListedFrom = from, ListedUntil = from.AddDays(90) } };
            }

            drafted = true;
            return [draft];
        }, cancellationToken);

        if (!drafted || target == ListingStatus.Draft)
        {
            return;
        }

        await Step(owner, streamId, (listing, session) =>
            SubmitListing.Handle(listing, session, owner, expired ? listing.State.Terms!.ListedFrom : today, cancellationToken), cancellationToken);

        if (target == ListingStatus.Submitted)
        {
            return;
        }

        if (target == ListingStatus.Rejected)
        {
            await Step(Reviewer, streamId, (listing, session) => ReviewListing.HandleRejection(listing, session,
                new RejectRequest(["挂牌价格缺少评估依据，请补充资产评估报告或调整定价方式。"]), Reviewer, cancellationToken), cancellationToken);
            return;
        }

        await Step(Reviewer, streamId, (listing, session) =>
            ReviewListing.HandleApproval(listing, session, Reviewer, expired ? listing.State.Terms!.ListedFrom : today, contacts.Value, cancellationToken), cancellationToken);

        switch (target)
        {
            case ListingStatus.Expired:
                await Change(Reviewer, streamId, (listing, session) => ListingExpiry.ExpireIfDue(session, listing, store.Now(), cancellationToken), cancellationToken);
                break;
            case ListingStatus.Withdrawn:
                await Step(owner, streamId, (listing, session) =>
                    WithdrawListing.Handle(listing, session, new WithdrawRequest("学校调整转化计划"), owner, cancellationToken), cancellationToken);
                break;
        }
    }

    /// <summary>One command on a listing, as the API runs it: load, decide (with the slice's effects on other streams), append, commit.</summary>
    private Task Step(Caller caller, string streamId, Func<Aggregate<Listing.Listings.Listing>, EventSession, Task<IReadOnlyList<object>>> decide, CancellationToken cancellationToken) =>
        Change(caller, streamId, async (listing, session) => session.Append(listing, await decide(listing, session)), cancellationToken);

    /// <summary>
    /// One unit of work on a listing whose slice appends for itself (the expiry). The seed runs beside
    /// the running service, whose durable timers may append to the same stream between our load and
    /// our commit: a listing approved with a listing period already over has its expiry timer due at
    /// once. A lost race is decided again on the stream as it now is, as a client would after a 409
    /// (an expiry the timer already made leaves nothing to do).
    /// </summary>
    private async Task Change(Caller caller, string streamId, Func<Aggregate<Listing.Listings.Listing>, EventSession, Task<Aggregate<Listing.Listings.Listing>>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = await store.OpenSession(Metadata(caller), cancellationToken);
                await change(await session.Load<Listing.Listings.Listing>(streamId, cancellationToken), session);
                await session.SaveChanges(cancellationToken);
                return;
            }
            catch (ConcurrencyException) when (attempt < 3)
            {
                // Decide again on the stream as the other writer left it.
            }
        }
    }

    private static ListingTermsRequest Terms(List<DemoPatent> portfolio, Random random, DateOnly today, int n, ListingStatus target, DemoOrganisation buyer)
    {
        var first = portfolio[0];
        var sold = target is ListingStatus.Reserved or ListingStatus.Sold;
        // Deal kinds rotate; reserved and sold listings are exclusive deals (an assignment or an exclusive licence).
        var kind = sold ? (n % 2 == 0 ? DealKind.Assignment : DealKind.ExclusiveLicence) : (n % 6) switch
        {
            0 or 1 => DealKind.Assignment,
            2 => DealKind.ExclusiveLicence,
            3 => DealKind.NonExclusiveLicence,
            4 => DealKind.OpenLicence,
            _ => n % 12 == 5 ? DealKind.EquityContribution : DealKind.SoleLicence,
        };
        var (pricing, mode) = kind == DealKind.OpenLicence || sold
            ? (PricingMethod.Negotiated, kind == DealKind.OpenLicence ? TradingMode.ListingTransfer : TradingMode.Negotiated)
            : (n % 5) switch
            {
                0 => (PricingMethod.Auction, TradingMode.Bidding),
                1 => (PricingMethod.OnlineBidding, TradingMode.Bidding),
                2 => (PricingMethod.Appraisal, TradingMode.ListingTransfer),
                3 => (PricingMethod.CompetitiveNegotiation, TradingMode.Negotiated),
                _ => (PricingMethod.Negotiated, TradingMode.Negotiated),
            };
        // A few directed deals (定向交易) and alliance deals (联盟交易) among the negotiated ones.
        string? directedTo = null;
        string? alliance = null;
        IReadOnlyList<string>? members = null;
        if (!sold && kind != DealKind.OpenLicence && pricing == PricingMethod.Negotiated && n % 3 == 1)
        {
            mode = TradingMode.Directed;
            directedTo = buyer.Id;
        }
        else if (!sold && kind == DealKind.NonExclusiveLicence && n % 4 == 3)
        {
            (pricing, mode) = (PricingMethod.Negotiated, TradingMode.Alliance);
            alliance = "alliance-rail-transit";
            members = DemoCatalog.Organisations.Where(o => o.Group is not null).Select(o => o.Id).Take(4).ToList();
        }

        var scale = first.Type switch { PatentType.Invention => 400_000m, PatentType.UtilityModel => 80_000m, _ => 30_000m };
        var asking = Thousands(scale * portfolio.Count * (decimal)(0.5 + (random.NextDouble() * 9.5)));
        var title = portfolio.Count == 1 ? $"{first.Title}专利{Describe(kind)}" : $"{first.Industry}专利组合（{portfolio.Count}件）{Describe(kind)}";
        return new ListingTermsRequest(
            title,
            first.TitleEn is null ? null : $"{first.TitleEn} ({kind})",
            $"{first.Abstract} 本项目由权利人挂牌{Describe(kind)}，欢迎企业洽谈。",
            portfolio.Select(p => p.Number).ToList(),
            kind, pricing, mode, asking,
            pricing == PricingMethod.Auction ? Thousands(asking * 1.1m) : null,
            kind == DealKind.OpenLicence ? decimal.Round(asking / 20 / 100) * 100 : null,
            kind == DealKind.OpenLicence ? "开放许可期限三年，许可费按年支付，不得再许可。" : null,
            today,
            today.AddDays(60 + (n % 5 * 60)),
            pricing == PricingMethod.Appraisal || kind == DealKind.EquityContribution
                ? new AppraisalRequest("巴渝资产评估有限公司", $"BY-PG-2026-{n:D3}", asking, today.AddDays(-30))
                : null,
            directedTo, alliance, members,
            kind.IsLicence() ? new LicenceTermsRequest(12 * (2 + (n % 4)), null, null, false, kind == DealKind.OpenLicence ? null : 0.03m, null) : null);
    }

    private static decimal Thousands(decimal amount) => decimal.Round(amount / 1000) * 1000;

    private static string Describe(DealKind kind) => kind switch
    {
        DealKind.Assignment => "转让",
        DealKind.ExclusiveLicence => "独占许可",
        DealKind.SoleLicence => "排他许可",
        DealKind.NonExclusiveLicence => "普通许可",
        DealKind.OpenLicence => "开放许可",
        _ => "作价入股",
    };

    private static Caller Caller(DemoOrganisation org) => new($"demo-{org.Id}", org.Name, org.Id, org.Name, org.Role, org.Group, org.Region);

    private static EventMetadata Metadata(Caller caller) => new(Guid.NewGuid(), null, caller.UserId, caller.OrganisationId);
}

public sealed record DemoDataSeeded(int Patents, int Listings);
