using System.ComponentModel.DataAnnotations;
using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.Members;

namespace IpExchange.Contract.Agreements.Signing;

public sealed record SignRequest([Required] string? ContentHash);

/// <summary>
/// 电子签署: an authorised user of each party signs the content hash of the current text. A hash of
/// an older revision is refused, so nobody signs a text that has since been amended.
/// </summary>
public static class SignAgreement
{
    /// <summary>The stable code of the refusal a user without the signer role gets (403).</summary>
    public const string SignerRequiredRule = "member.signer-required";

    public static AgreementSignedByParty Decide(Agreement agreement, SignRequest request, Caller caller, DateTimeOffset now)
    {
        AgreementAccess.RequireParty(agreement, caller, agreement.Id ?? "", "sign it");
        if (!caller.IsSigner)
        {
            // 经办人 prepare and pay; only the organisation's 签约人 binds it.
            throw new ForbiddenException(SignerRequiredRule,
                "Only your organisation's signer (签约人) signs agreements; ask your organisation's administrator for the signer role.");
        }

        var errors = new FieldErrors();
        var hash = errors.Text("contentHash", request.ContentHash, 64)?.ToLowerInvariant();
        errors.Check(hash is null || (hash.Length == 64 && hash.All(char.IsAsciiHexDigit)), "contentHash", "agreement.hash-malformed", "The content hash is the SHA-256 of the agreement's text: 64 hexadecimal digits.");
        errors.ThrowIfAny();
        AgreementAccess.RequireNotEnded(agreement);
        if (agreement.Status is not AgreementStatus.AwaitingSignatures)
        {
            throw Rule.Broken("agreement.already-signed", "status", "Both parties have already signed the current text.");
        }

        if (hash != agreement.ContentHash)
        {
            throw Rule.Broken("agreement.stale-hash", "contentHash",
                $"The hash does not match the current text (revision {agreement.Revision}, hash {agreement.ContentHash}); read the agreement again and sign that text.",
                ("revision", agreement.Revision), ("contentHash", agreement.ContentHash));
        }

        if (agreement.Signatures.TryGetValue(caller.OrganisationId, out var signed))
        {
            throw Rule.Broken("agreement.already-signed", "contentHash",
                string.Create(CultureInfo.InvariantCulture, $"Your organisation already signed this text at {signed.SignedAt:u} ({signed.UserName})."));
        }

        if (now > agreement.SigningDeadline)
        {
            throw Rule.Broken("agreement.signing-deadline-passed", "status", "The signing deadline has passed.", ("deadline", agreement.SigningDeadline));
        }

        if (agreement.Kind == DealKind.EquityContribution)
        {
            // The consideration of a contribution in kind is the equity: a text without it, or without the appraisal it rests on, is not signed.
            var terms = agreement.Terms!;
            if (terms.Equity is null || terms.Appraisal is null)
            {
                throw Rule.Broken("agreement.equity-terms-missing", "contentHash",
                    $"State the {(terms.Equity is null ? "investee's registered capital before and after the contribution" : "appraisal report")} by amendment before signing.");
            }

            if (terms.Price > terms.Appraisal.Value)
            {
                throw Rule.Broken("agreement.above-appraisal", "contentHash",
                    $"The valuation of {AgreementText.Yuan(terms.Price)} yuan is above the appraised value of {AgreementText.Yuan(terms.Appraisal.Value)} yuan: a contribution in kind is not valued above its appraisal.");
            }
        }

        return new AgreementSignedByParty(caller.OrganisationId, caller.OrganisationName, caller.UserId, caller.Name, hash!, now);
    }

    public static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id}/signatures", (string id, SignRequest? request, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            var now = store.Now();
            return store.Command(http, id, agreement => [Decide(agreement, request ?? new SignRequest(null), caller, now)]);
        }).RequireMemberInGoodStanding().Produces<AgreementView>().WithSummary("Sign the agreement's current text: send its contentHash (parties only)");
}

/// <summary>
/// The signing deadline (签署期限) passed: an agreement still waiting for a signature is cancelled and
/// its listing released. The timer lives in PostgreSQL, so a restart in between loses nothing.
/// </summary>
public sealed class SigningDeadlinePassed(EventStore.EventStore store) : ITimerHandler
{
    public string Kind => AgreementProcess.SigningDeadlineTimer;

    public static AgreementCancelled? Decide(Agreement agreement, DateTimeOffset now) =>
        agreement.Status == AgreementStatus.AwaitingSignatures && now >= agreement.SigningDeadline
            ? new AgreementCancelled(CancelledBy.Deadline,
                string.Create(CultureInfo.InvariantCulture, $"未在签署期限内签署 (not signed by both parties by {agreement.SigningDeadline:u})"), now)
            : null;

    public async Task Fire(EventSession session, DueTimer timer, CancellationToken cancellationToken)
    {
        var agreement = await session.Load<Agreement>(Agreement.StreamId(timer.Key), cancellationToken);
        var now = store.Now();
        if (agreement.State.Status == AgreementStatus.AwaitingSignatures && now < agreement.State.SigningDeadline)
        {
            // Moved by an amendment since this timer was set.
            await session.ScheduleTimer(Kind, timer.Key, agreement.State.SigningDeadline!.Value, cancellationToken: cancellationToken);
            return;
        }

        if (Decide(agreement.State, now) is { } cancelled)
        {
            await AgreementProcess.Append(session, agreement, [cancelled], cancellationToken);
        }
    }
}
