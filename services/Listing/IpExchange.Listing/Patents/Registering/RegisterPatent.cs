using System.ComponentModel.DataAnnotations;
using IpExchange.Contracts;
using IpExchange.EventStore;
using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Patents.Registering;

public sealed record PledgeRequest([Required] string? Pledgee, string? ContractNumber, [Required] DateOnly? PledgedOn, string? ConsentDocument);

public sealed record RegisterPatentRequest(
    [Required] string? Number,
    [Required] string? Title,
    string? TitleEn,
    [Required] string? Abstract,
    string? AbstractEn,
    IReadOnlyList<string>? IpcCodes,
    [Required] PatentType? Type,
    [Required] DateOnly? FilingDate,
    DateOnly? GrantDate,
    [Required] LegalStatus? LegalStatus,
    [Required] IReadOnlyList<string>? Inventors,
    int? ClaimsCount,
    PledgeRequest? Pledge,
    string? LocarnoClass = null);

/// <summary>A university registers one of its patents (专利登记). The application number is the patent's id.</summary>
public static class RegisterPatent
{
    /// <summary>Validates the request and decides the registration; every field problem is reported at once.</summary>
    public static PatentRegistered Decide(Patent existing, RegisterPatentRequest request, Caller caller, DateOnly today)
    {
        if (!caller.IsUniversity)
        {
            throw new ForbiddenException("Only universities and institutes register patents.");
        }

        var errors = new FieldErrors();
        string? number = null;
        if (!PatentNumber.TryNormalize(request.Number, out number, out var numberError))
        {
            errors.Add("number", PatentNumber.Invalid, numberError);
        }

        var title = errors.Text("title", request.Title, 200, multiLine: false);
        var titleEn = errors.Text("titleEn", request.TitleEn, 300, required: false, multiLine: false);
        var summary = errors.Text("abstract", request.Abstract, 5000);
        var summaryEn = errors.Text("abstractEn", request.AbstractEn, 8000, required: false);

        // A design patent (外观设计) is classified by Locarno, has no IPC codes and no claims; other patents by IPC.
        var (ipc, locarno) = request.Type == PatentType.Design ? (new List<string>(), DesignClass(request, errors)) : (IpcCodes(request, errors), null);

        if (request.Type is null)
        {
            errors.Add("type", FieldCodes.Required, "The patent type is required: Invention, UtilityModel or Design.", ("allowed", Enum.GetNames<PatentType>()));
        }
        else if (number is not null && PatentNumber.TypeOf(number) != request.Type)
        {
            errors.Add("type", "patent.type-mismatch", $"The number {number} is a {PatentNumber.TypeOf(number)} number, not {request.Type}.", ("expected", PatentNumber.TypeOf(number).ToString()));
        }

        if (request.FilingDate is not { } filing)
        {
            errors.Add("filingDate", FieldCodes.Required, "The filing date is required.");
        }
        else
        {
            errors.Check(filing <= today, "filingDate", FieldCodes.DateInFuture, "The filing date cannot be in the future.", ("max", today));
            errors.Check(number is null || PatentNumber.YearOf(number) == filing.Year, "filingDate", "patent.filing-year-mismatch",
                $"The number says the application was filed in {(number is null ? 0 : PatentNumber.YearOf(number))}.", ("year", number is null ? 0 : PatentNumber.YearOf(number)));
        }

        if (request.GrantDate is { } grant)
        {
            errors.Check(grant <= today, "grantDate", FieldCodes.DateInFuture, "The grant date cannot be in the future.", ("max", today));
            errors.Check(request.FilingDate is null || grant >= request.FilingDate, "grantDate", "patent.granted-before-filing", "The grant date cannot be before the filing date.", ("min", request.FilingDate));
        }

        if (request.LegalStatus is null)
        {
            errors.Add("legalStatus", FieldCodes.Required, "The legal status is required: Pending, Valid, Lapsed or Invalidated.", ("allowed", Enum.GetNames<LegalStatus>()));
        }
        else if (request.LegalStatus == LegalStatus.Valid && request.GrantDate is null)
        {
            errors.Add("grantDate", "patent.grant-date-required", "A valid (granted) patent has a grant date.");
        }

        var inventors = new List<string>();
        var inventorCount = request.Inventors?.Count ?? 0;
        errors.Check(inventorCount > 0, "inventors", FieldCodes.TooFew, "At least one inventor.", ("min", 1));
        errors.Check(inventorCount <= 50, "inventors", FieldCodes.TooMany, "At most 50 inventors.", ("max", 50));
        for (var i = 0; i < Math.Min(inventorCount, 50); i++)
        {
            inventors.Add(errors.Text($"inventors[{i}]", request.Inventors![i], 100, multiLine: false) ?? "");
        }

        if (request.Type != PatentType.Design)
        {
            errors.Range("claimsCount", request.ClaimsCount, 1, 1000);
        }

        Pledge? pledge = null;
        if (request.Pledge is { } p)
        {
            var pledgee = errors.Text("pledge.pledgee", p.Pledgee, 200, multiLine: false);
            var contract = errors.Text("pledge.contractNumber", p.ContractNumber, 100, required: false, multiLine: false);
            var consent = errors.Text("pledge.consentDocument", p.ConsentDocument, 500, required: false);
            errors.Check(p.PledgedOn is { } on && on <= today, "pledge.pledgedOn", FieldCodes.DateInFuture, "The pledge date is required and cannot be in the future.", ("max", today));
            errors.Check(p.PledgedOn is not { } pledged || request.FilingDate is not { } filed || pledged >= filed, "pledge.pledgedOn", "patent.pledged-before-filing",
                "A patent is pledged after its application was filed.", ("min", request.FilingDate));
            pledge = new Pledge(pledgee ?? "", contract, p.PledgedOn ?? today, consent);
        }

        errors.ThrowIfAny();

        if (existing.Exists)
        {
            throw Rule.Broken("patent.already-registered", "number", $"Patent {number} is already registered on the exchange.", ("number", number));
        }

        var type = request.Type!.Value;
        var filingDate = request.FilingDate!.Value;
        return new PatentRegistered(
            number!,
            caller.OrganisationId,
            caller.OrganisationName,
            caller.Region,
            title!,
            titleEn,
            summary!,
            summaryEn,
            ipc.Distinct().ToList(),
            type,
            filingDate,
            request.GrantDate,
            request.LegalStatus!.Value,
            inventors,
            type == PatentType.Design ? 0 : request.ClaimsCount!.Value,
            pledge,
            PatentTerm.ExpiresOn(type, filingDate),
            locarno);
    }

    private static List<string> IpcCodes(RegisterPatentRequest request, FieldErrors errors)
    {
        var ipc = new List<string>();
        if (request.LocarnoClass is not null)
        {
            errors.Add("locarnoClass", "patent.locarno-for-designs", "Only a design patent (外观设计) has a Locarno class; inventions and utility models are classified by IPC.");
        }

        if (request.IpcCodes is null || request.IpcCodes.Count == 0)
        {
            errors.Add("ipcCodes", FieldCodes.Required, "At least one IPC code is required, e.g. H02M 7/48.");
        }
        else if (request.IpcCodes.Count > 20)
        {
            errors.Add("ipcCodes", FieldCodes.TooMany, "At most 20 IPC codes.", ("max", 20));
        }
        else
        {
            for (var i = 0; i < request.IpcCodes.Count; i++)
            {
                if (IpcCode.TryNormalize(request.IpcCodes[i], out var code, out var ipcError))
                {
                    ipc.Add(code);
                }
                else
                {
                    errors.Add($"ipcCodes[{i}]", ipcError);
                }
            }
        }

        return ipc;
    }

    /// <summary>A design's Locarno class; IPC codes and claims are refused, as a design has neither.</summary>
    private static string? DesignClass(RegisterPatentRequest request, FieldErrors errors)
    {
        if (request.IpcCodes is { Count: > 0 })
        {
            errors.Add("ipcCodes", "patent.design-without-ipc", "A design patent (外观设计) has no IPC codes: give its Locarno class, e.g. 12-08.");
        }

        if (request.ClaimsCount is > 0)
        {
            errors.Add("claimsCount", "patent.design-without-claims", "A design patent (外观设计) has no claims: it protects what its drawings show.");
        }

        if (string.IsNullOrWhiteSpace(request.LocarnoClass))
        {
            errors.Add("locarnoClass", FieldCodes.Required, "A design patent (外观设计) needs its Locarno class, e.g. 12-08.");
            return null;
        }

        if (!LocarnoClass.TryNormalize(request.LocarnoClass, out var code, out var error))
        {
            errors.Add("locarnoClass", LocarnoClass.Invalid, error, ("value", request.LocarnoClass));
            return null;
        }

        return code;
    }

    public static void Map(RouteGroupBuilder patents)
    {
        patents.MapPost("/", async (RegisterPatentRequest request, HttpContext http, EventStore.EventStore store, TimeProvider time) =>
        {
            var caller = http.Caller();
            // The stream id is the normalised number; an invalid one loads an empty stream and the decider refuses it with every field problem.
            var streamId = PatentNumber.TryNormalize(request.Number, out var number, out _) ? Patent.StreamId(number) : "patent-invalid";
            var patent = await store.Execute<Patent>(http, streamId, current => [Decide(current.State, request, caller, ExchangeCalendar.Today(time))]);
            return Results.Created($"/api/patents/{patent.State.Id}", PatentView.From(patent.State, patent.Version));
        })
        .RequireAuthorization(IdentitySetup.UniversityPolicy)
        .WithName("RegisterPatent")
        .Produces<PatentView>(StatusCodes.Status201Created)
        .WithSummary("Register a patent of the caller's university (专利登记)");
    }
}
