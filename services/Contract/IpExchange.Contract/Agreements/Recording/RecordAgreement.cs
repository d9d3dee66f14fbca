using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;

namespace IpExchange.Contract.Agreements.Recording;

/// <summary>
/// 合同登记: exchange staff record an agreement both parties signed; it becomes effective. A lump
/// sum without a date falls due a fixed number of days from now, and every milestone gets its
/// overdue timer. A licence takes effect today (in China) and runs its term, never past its
/// patents' term: the dates are fixed here and stated in the record.
/// </summary>
public static class RecordAgreement
{
    public static AgreementRecordedByExchange Decide(Agreement agreement, Caller caller, DateTimeOffset now)
    {
        AgreementAccess.RequireExchange(agreement, caller, agreement.Id ?? "", "record agreements");
        AgreementAccess.RequireNotEnded(agreement);
        switch (agreement.Status)
        {
            case AgreementStatus.Effective:
                throw Rule.Broken("agreement.already-recorded", "status",
                    string.Create(CultureInfo.InvariantCulture, $"The agreement was already recorded as {agreement.RecordNumber} at {agreement.RecordedAt:u}."));
            case AgreementStatus.AwaitingSignatures:
                throw Rule.Broken("agreement.not-signed", "status",
                    $"Both parties must sign before the agreement is recorded; signed so far: {(agreement.Signatures.Count == 0 ? "nobody" : string.Join(", ", agreement.Signatures.Keys))}.");
        }

        if (agreement.Kind == Contracts.DealKind.EquityContribution && (agreement.Terms!.Equity is null || agreement.Terms.Appraisal is null))
        {
            // Signing needs them too; an agreement signed before that rule existed is not recorded without them.
            throw Rule.Broken("agreement.equity-terms-missing", "status", "A contribution in kind is recorded with its equity and appraisal stated in the signed text.");
        }

        var recordedOn = DateOnly.FromDateTime(now.UtcDateTime);
        var milestones = agreement.Terms!.Milestones.Select(m => m with { DueOn = m.DueOn ?? recordedOn.AddDays(AgreementText.LumpSumDueDays) }).ToList();
        var licence = agreement.Terms.Licence is { } terms ? AgreementPlan.LicencePeriod(AgreementPlan.ChinaDay(now), terms, agreement.Draft!.Patents) : null;
        return new AgreementRecordedByExchange(RecordNumber(agreement.Id!, now), caller.UserId, milestones, now, licence?.StartsOn, licence?.EndsOn);
    }

    /// <summary>登记号: the date and a digest of the agreement id, so the same agreement never gets two numbers on one day.</summary>
    public static string RecordNumber(string agreementId, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"DJ{now.UtcDateTime:yyyyMMdd}-{AgreementText.Hash(agreementId)[..8].ToUpperInvariant()}");

    public static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id}/record", (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            return store.Command(http, id, agreement => [Decide(agreement, caller, store.Now())]);
        }).RequireAuthorization(IdentitySetup.ExchangePolicy).Produces<AgreementView>().WithSummary("Record (登记) a signed agreement: it becomes effective (exchange staff)");
}
