using System.Collections.Immutable;
using IpExchange.Contracts;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace IpExchange.Contract.Agreements;

/// <summary>
/// One line of the agreement lists (a party's, the exchange's): a Marten document per agreement
/// stream, under the stream's id.
/// </summary>
public sealed record AgreementListEntry(
    string Id, string AgreementId, string DealId, string ListingId, string ListingTitle, AgreementStatus Status, DealKind DealKind, decimal Price,
    string SellerOrganisationId, string SellerName, string BuyerOrganisationId, string BuyerName, int Revision, string ContentHash,
    ImmutableList<string> SignedBy, DateTimeOffset SigningDeadline, string? RecordNumber, DateTimeOffset DraftedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Keeps <see cref="AgreementListEntry"/> in step with the agreement streams, inline: the lists are
/// read straight after a command (a party's list shows the agreement it just signed), so the
/// document commits with the events. Rebuildable from the events alone: every time comes from the
/// events themselves, not from the clock of the rebuild.
/// </summary>
public sealed class AgreementListProjection : SingleStreamProjection<AgreementListEntry, string>
{
    public override AgreementListEntry? Evolve(AgreementListEntry? entry, string id, IEvent e)
    {
        if (entry is null)
        {
            // A refusal that closed the deal's stream before drafting leaves nothing to list.
            return e.Data is AgreementDraftedFromDeal d
                ? new AgreementListEntry(id, d.AgreementId, d.DealId, d.ListingId, d.ListingTitle, AgreementStatus.AwaitingSignatures, d.DealKind,
                    d.Terms.Price, d.Seller.OrganisationId, d.Seller.Name, d.Buyer.OrganisationId, d.Buyer.Name, 1, d.ContentHash, [],
                    d.SigningDeadline, null, d.DraftedAt, d.DraftedAt)
                : null;
        }

        return e.Data switch
        {
            AgreementSignedByParty s => Signed(entry, s),
            AmendmentProposed p => entry with { UpdatedAt = p.ProposedAt },
            AmendmentAccepted a => entry with
            {
                Status = AgreementStatus.AwaitingSignatures, SignedBy = [], Revision = a.Revision, ContentHash = a.ContentHash, Price = a.Price,
                SigningDeadline = a.SigningDeadline, UpdatedAt = a.AcceptedAt,
            },
            AgreementRecordedByExchange r => entry with { Status = AgreementStatus.Effective, RecordNumber = r.RecordNumber, UpdatedAt = r.RecordedAt },
            MilestonePaid p => entry with { UpdatedAt = p.PaidAt },
            MilestoneFellOverdue o => entry with { UpdatedAt = o.DetectedAt },
            PatentOfficeRegistrationRecorded r => entry with { UpdatedAt = r.RecordedAt },
            AgreementStepTaken s => entry with { UpdatedAt = s.RecordedAt },
            AgreementStepFellOverdue o => entry with { UpdatedAt = o.DetectedAt },
            LicenceTermEnded t => entry with { UpdatedAt = t.EndedAt },
            RoyaltySalesReported r => entry with { UpdatedAt = r.ReportedAt },
            RoyaltyPaidForPeriod p => entry with { UpdatedAt = p.PaidAt },
            RoyaltyFellOverdue o => entry with { UpdatedAt = o.DetectedAt },
            AgreementFulfilled f => entry with { Status = AgreementStatus.Completed, UpdatedAt = f.CompletedAt },
            CancellationRequested c => entry with { UpdatedAt = c.RequestedAt },
            AgreementCancelled c => entry with { Status = AgreementStatus.Cancelled, UpdatedAt = c.CancelledAt },
            _ => entry,
        };
    }

    /// <summary>The lists filter by party and status and sort by the last change: those are columns of their own, indexed.</summary>
    public static void Register(StoreOptions options)
    {
        options.Projections.Add(new AgreementListProjection(), JasperFx.Events.Projections.ProjectionLifecycle.Inline);
        options.Schema.For<AgreementListEntry>()
            .Duplicate(x => x.SellerOrganisationId)
            .Duplicate(x => x.BuyerOrganisationId)
            .Duplicate(x => x.Status)
            .Duplicate(x => x.UpdatedAt);
    }

    private static AgreementListEntry Signed(AgreementListEntry entry, AgreementSignedByParty s)
    {
        var signedBy = entry.SignedBy.Add(s.OrganisationId);
        var both = signedBy.Contains(entry.SellerOrganisationId) && signedBy.Contains(entry.BuyerOrganisationId);
        return entry with { SignedBy = signedBy, Status = both ? AgreementStatus.SignedByBoth : entry.Status, UpdatedAt = s.SignedAt };
    }
}
