using System.Globalization;
using IpExchange.Contract.Agreements.Drafting;

namespace IpExchange.Contract.Agreements.Recording;

/// <summary>
/// 合同登记: exchange staff record an agreement both parties signed; it becomes effective. A lump
/// sum without a date falls due a fixed number of days from now, and every milestone gets its
/// overdue timer.
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

        var recordedOn = DateOnly.FromDateTime(now.UtcDateTime);
        var milestones = agreement.Terms!.Milestones.Select(m => m with { DueOn = m.DueOn ?? recordedOn.AddDays(AgreementText.LumpSumDueDays) }).ToList();
        return new AgreementRecordedByExchange(RecordNumber(agreement.Id!, now), caller.UserId, milestones, now);
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
