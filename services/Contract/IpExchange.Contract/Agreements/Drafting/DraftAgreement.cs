using IpExchange.Contract.Agreements.Cancelling;
using IpExchange.Contract.Catalogue;
using IpExchange.Contracts;
using IpExchange.Contracts.Deals;
using IpExchange.Contracts.Listings;
using IpExchange.Members;
using IpExchange.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace IpExchange.Contract.Agreements.Drafting;

/// <summary>成交 → 合同起草: the agreement of a struck deal, from the template of its deal kind.</summary>
public static class DraftAgreement
{
    /// <summary>
    /// The drafted agreement. Milestones come from the deal's payment schedule; without one, a lump
    /// sum of the whole price falls due a fixed number of days after recording. A contribution in
    /// kind has none: its consideration is equity, stated by amendment before it is signed. A licence
    /// takes the terms its listing offered (the defaults when the listing is not known here), with
    /// the deal's royalty rate if it names one. The parties are named by their registered legal
    /// name and 统一社会信用代码 from the Identity service's organisation events; a seller not heard
    /// of yet by the listing's owner name, and an organisation unknown both ways by its id.
    /// </summary>
    public static AgreementDraftedFromDeal Decide(DealStruck deal, KnownListing? listing, IReadOnlyDictionary<string, MemberRecord> members, DateTimeOffset now, TimeSpan signingWindow)
    {
        var equity = deal.DealKind == DealKind.EquityContribution;
        List<Milestone> milestones = equity ? []
            : deal.PaymentSchedule.Count == 0
                ? [new Milestone("M1", deal.DealKind.IsLicence() ? "入门费" : "合同价款", deal.Price, null)]
                : deal.PaymentSchedule.Select((p, i) => new Milestone($"M{i + 1}", p.Name, p.Amount, p.DueOn)).ToList();
        var seller = members.TryGetValue(deal.SellerOrganisationId, out var s) ? new Party(s.Id, s.LegalName, s.CreditCode)
            : listing is not null && listing.OwnerOrganisationId == deal.SellerOrganisationId ? new Party(deal.SellerOrganisationId, listing.OwnerName)
            : new Party(deal.SellerOrganisationId, deal.SellerOrganisationId);
        var buyer = members.TryGetValue(deal.BuyerOrganisationId, out var b) ? new Party(b.Id, b.LegalName, b.CreditCode)
            : new Party(deal.BuyerOrganisationId, deal.BuyerOrganisationId);
        var licence = deal.DealKind.IsLicence() ? listing?.Licence ?? LicenceTerms.Default : null;
        var royaltyRate = licence is null ? null : deal.RoyaltyRate ?? licence.RoyaltyRate;
        var terms = new AgreementTerms(deal.Price, milestones, royaltyRate, [], licence is null ? null : licence with { RoyaltyRate = royaltyRate },
            Equity: null, Appraisal: listing?.Appraisal);
        var id = Agreement.IdFor(deal.DealId);
        var drafted = new AgreementDraftedFromDeal(
            id, deal.DealId, deal.ListingId, listing?.Title ?? "", seller, buyer,
            deal.DealKind, deal.TradingMode, deal.PricingMethod, deal.Terms, listing?.Patents ?? [], terms, deal.StruckAt,
            Text: "", ContentHash: "", now + signingWindow, now);
        var text = AgreementText.Chinese(drafted, terms, revision: 1);
        return drafted with { Text = text, ContentHash = AgreementText.Hash(text) };
    }
}

/// <summary>
/// Drafts the agreement of a struck deal. Once per message (inbox) and once per deal: the stream id
/// comes from the deal id and is written at the version read, so a re-sent deal finds its agreement,
/// two racing copies cannot both create it (the loser retries and finds it), and a refusal that
/// overtook the deal has already closed the stream.
/// </summary>
public sealed class DealStruckConsumer(EventStore.EventStore store, IOptions<ContractOptions> options) : IConsumer<DealStruck>
{
    public Task Consume(ConsumeContext<DealStruck> context) =>
        store.HandleOnce(context, "contract-deal-struck", async session =>
        {
            var deal = context.Message;
            var ct = context.CancellationToken;
            var agreement = await session.Load<Agreement>(Agreement.StreamId(Agreement.IdFor(deal.DealId)), ct);
            if (agreement.Exists)
            {
                return; // drafted before, or the listing refused the deal before it arrived
            }

            // A deal that overtakes its listing's ListingPublished is drafted all the same, naming the
            // listing by id: the deal is binding as struck, and the text is fixed by its hash once drafted.
            var listing = await ListingCatalogue.Find(session, deal.ListingId, ct);
            var members = await MemberDirectory.Find(session.Marten, [deal.SellerOrganisationId, deal.BuyerOrganisationId], ct);
            await AgreementProcess.Append(session, agreement, [DraftAgreement.Decide(deal, listing, members, store.Now(), options.Value.SigningDeadline)], ct);
        });
}

/// <summary>
/// The listing could not take the deal (already reserved, withdrawn...): the agreement is cancelled
/// with the listing's reason. When the refusal overtakes the deal itself, the deal's stream is closed
/// first so that the late DealStruck drafts nothing.
/// </summary>
public sealed class DealRefusedConsumer(EventStore.EventStore store) : IConsumer<DealRefused>
{
    public Task Consume(ConsumeContext<DealRefused> context) =>
        store.HandleOnce(context, "contract-deal-refused", async session =>
        {
            var refused = context.Message;
            var id = Agreement.IdFor(refused.DealId);
            var agreement = await session.Load<Agreement>(Agreement.StreamId(id), context.CancellationToken);
            var now = store.Now();
            object? closing = agreement.Exists
                ? CancelAgreement.OnListingRefused(agreement.State, refused.Reason, now)
                : new DealRefusedBeforeDrafting(id, refused.DealId, refused.ListingId, refused.Reason, now);
            if (closing is not null)
            {
                await AgreementProcess.Append(session, agreement, [closing], context.CancellationToken);
            }
        });
}
