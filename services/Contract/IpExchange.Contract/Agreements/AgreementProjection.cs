using IpExchange.EventStore;

namespace IpExchange.Contract.Agreements;

/// <summary>
/// Keeps the <c>agreements</c> table (the lists of the parties and the exchange) in step with the
/// agreement streams, in the append's transaction.
/// </summary>
public sealed class AgreementProjection : IInlineProjection
{
    public async Task Apply(ProjectionContext context, StoredEvent @event, CancellationToken cancellationToken)
    {
        if (!@event.StreamId.StartsWith("agreement-", StringComparison.Ordinal))
        {
            return;
        }

        var id = @event.StreamId["agreement-".Length..];
        switch (@event.Data)
        {
            case AgreementDraftedFromDeal e:
                await using (var cmd = context.Command("""
                    INSERT INTO {schema}.agreements (id, deal_id, listing_id, listing_title, seller_org, seller_name, buyer_org, buyer_name, deal_kind,
                        price, status, revision, content_hash, signing_deadline, drafted_at, updated_at, version)
                    VALUES (@id, @deal, @listing, @title, @seller, @seller_name, @buyer, @buyer_name, @kind, @price, @status, 1, @hash, @deadline, @at, @at, @v)
                    """))
                {
                    cmd.Parameters.AddWithValue("id", id);
                    cmd.Parameters.AddWithValue("deal", e.DealId);
                    cmd.Parameters.AddWithValue("listing", e.ListingId);
                    cmd.Parameters.AddWithValue("title", e.ListingTitle);
                    cmd.Parameters.AddWithValue("seller", e.Seller.OrganisationId);
                    cmd.Parameters.AddWithValue("seller_name", e.Seller.Name);
                    cmd.Parameters.AddWithValue("buyer", e.Buyer.OrganisationId);
                    cmd.Parameters.AddWithValue("buyer_name", e.Buyer.Name);
                    cmd.Parameters.AddWithValue("kind", e.DealKind.ToString());
                    cmd.Parameters.AddWithValue("price", e.Terms.Price);
                    cmd.Parameters.AddWithValue("status", nameof(AgreementStatus.AwaitingSignatures));
                    cmd.Parameters.AddWithValue("hash", e.ContentHash);
                    cmd.Parameters.AddWithValue("deadline", e.SigningDeadline);
                    cmd.Parameters.AddWithValue("at", e.DraftedAt);
                    cmd.Parameters.AddWithValue("v", @event.Version);
                    await cmd.ExecuteNonQueryAsync(cancellationToken);
                }

                break;
            case AgreementSignedByParty e:
                await Update(context, id, @event, """
                    signed_by = array_append(signed_by, @org),
                    status = CASE WHEN cardinality(signed_by) + 1 >= 2 THEN 'SignedByBoth' ELSE status END
                    """, cancellationToken, ("org", e.OrganisationId));
                break;
            case AmendmentAccepted e:
                await Update(context, id, @event, "signed_by = '{}', status = 'AwaitingSignatures', revision = @rev, content_hash = @hash, price = @price, signing_deadline = @deadline",
                    cancellationToken, ("rev", e.Revision), ("hash", e.ContentHash), ("price", e.Price), ("deadline", e.SigningDeadline));
                break;
            case AgreementRecordedByExchange e:
                await Update(context, id, @event, "status = 'Effective', record_number = @number", cancellationToken, ("number", e.RecordNumber));
                break;
            case AgreementFulfilled:
                await Update(context, id, @event, "status = 'Completed'", cancellationToken);
                break;
            case AgreementCancelled:
                await Update(context, id, @event, "status = 'Cancelled'", cancellationToken);
                break;
            case DealRefusedBeforeDrafting:
                break;
            default:
                await Update(context, id, @event, null, cancellationToken);
                break;
        }
    }

    private static async Task Update(ProjectionContext context, string id, StoredEvent @event, string? set, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var cmd = context.Command($"UPDATE {{schema}}.agreements SET {(set is null ? "" : set + ",")} updated_at = @at, version = @v WHERE id = @id");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("at", @event.Timestamp);
        cmd.Parameters.AddWithValue("v", @event.Version);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
