using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using IpExchange.Contracts.Members;
using IpExchange.EventStore;
using IpExchange.Identity.Accounts;
using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Organisations.Applying;

/// <summary>Step one of the application: the organisation as its licence shows it.</summary>
public sealed record OrganisationRequest(
    [Required] string? LegalName,
    [Required] string? CreditCode,
    [Required] string? Kind,
    [Required] string? Region,
    string? Group,
    [Required] string? LicenceNumber,
    [Required] string? LicenceIssuedOn);

public sealed record ContactRequest([Required] string? Name, [Required] string? Phone, [Required] string? Email);

/// <summary>Step two: the contact and the account that will administer the organisation's users.</summary>
public sealed record AdministratorRequest([Required] string? UserName, [Required] string? Name, [Required] string? Email, [Required] string? Password);

public sealed record ApplicationRequest([Required] OrganisationRequest? Organisation, [Required] ContactRequest? Contact, [Required] AdministratorRequest? Administrator);

public sealed record ApplicationAccepted(string OrganisationId, string LegalName, string CreditCode, OrganisationStatus Status, string AdministratorUserName);

public sealed record OrganisationCheck(string LegalName, string CreditCode, OrganisationKind Kind);

/// <summary>
/// 会员申请 (两步): an organisation applies with its legal name, 统一社会信用代码, kind, region, group, contact
/// and licence, naming its administrator's account. The account exists from now on but signs in only once
/// the exchange has verified the organisation. One organisation per code: the application claims the
/// code's hold stream in the same unit of work, so a second application with the code is refused even
/// when both arrive at once.
/// </summary>
public static class ApplyForMembership
{
    /// <summary>Kinds an organisation may apply as; the exchange itself is never applied for.</summary>
    public static IReadOnlyList<OrganisationKind> ApplicableKinds { get; } =
        [OrganisationKind.UniversityOrInstitute, OrganisationKind.Enterprise, OrganisationKind.Bank, OrganisationKind.GuaranteeInstitution, OrganisationKind.ServiceAgency];

    /// <summary>
    /// The organisation's part of an application, checked field by field; errors under <paramref name="p"/>
    /// (<c>organisation.</c> in an application, none in step one's check, whose body is the organisation).
    /// </summary>
    public static (RegisteredDetails Details, Licence Licence)? ReadOrganisation(OrganisationRequest? request, DateOnly today, FieldErrors errors, string p)
    {
        var legalName = errors.Text(p + "legalName", request?.LegalName, 100, multiLine: false);
        if (legalName is { Length: < 2 })
        {
            errors.Add(p + "legalName", "text.too-short", "The legal name has at least 2 characters.", ("min", 2));
        }

        string? code = null;
        if (!CreditCode.TryNormalize(request?.CreditCode, out code, out var codeProblem))
        {
            errors.Add(p + "creditCode", codeProblem);
        }

        OrganisationKind? kind = null;
        if (string.IsNullOrWhiteSpace(request?.Kind))
        {
            errors.Add(p + "kind", FieldCodes.Required, "This field is required.");
        }
        else if (ApplicableKinds.Where(k => string.Equals(k.ToString(), request.Kind.Trim(), StringComparison.OrdinalIgnoreCase)).ToList() is [var named])
        {
            // By name only: a number would pass Enum.TryParse and name a kind nobody chose.
            kind = named;
        }
        else
        {
            errors.Add(p + "kind", FieldCodes.NotAllowedValue, $"The kind is one of {string.Join(", ", ApplicableKinds)}.",
                ("allowed", ApplicableKinds.Select(k => k.ToString()).ToArray()));
        }

        var region = errors.Text(p + "region", request?.Region, 20, multiLine: false);
        var group = errors.Text(p + "group", request?.Group, 100, required: false, multiLine: false);
        var licenceNumber = errors.Text(p + "licenceNumber", request?.LicenceNumber, 64, multiLine: false);
        DateOnly? issuedOn = null;
        if (string.IsNullOrWhiteSpace(request?.LicenceIssuedOn))
        {
            errors.Add(p + "licenceIssuedOn", FieldCodes.Required, "This field is required.");
        }
        else if (!DateOnly.TryParseExact(request.LicenceIssuedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(p + "licenceIssuedOn", "date.invalid", "A date as yyyy-MM-dd.");
        }
        else if (date > today || date.Year < 1949)
        {
            errors.Add(p + "licenceIssuedOn", "date.out-of-range", "The licence's date of issue is between 1949 and today.",
                ("min", "1949-01-01"), ("max", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        else
        {
            issuedOn = date;
        }

        return legalName is { Length: >= 2 } && code is not null && kind is { } k && region is not null && licenceNumber is not null && issuedOn is { } issued
            ? (new RegisteredDetails(legalName, code, k, region, group), new Licence(licenceNumber, issued))
            : null;
    }

    /// <summary>A contact, checked field by field; errors under <paramref name="p"/> (<c>contact.</c> in an application, none when the contact is the whole body).</summary>
    public static Contact? ReadContact(ContactRequest? request, FieldErrors errors, string p)
    {
        var name = errors.Text(p + "name", request?.Name, 50, multiLine: false);
        var phone = errors.Text(p + "phone", request?.Phone, 20, multiLine: false);
        if (phone is not null && (phone.Count(char.IsAsciiDigit) < 6 || phone.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or '-' or ' ' or '(' or ')'))))
        {
            errors.Add(p + "phone", "phone.invalid", "A telephone number: digits, with + - ( ) and spaces.");
        }

        var email = AccountRules.Email(errors, p + "email", request?.Email);
        return name is not null && phone is not null && email is not null ? new Contact(name, phone, email) : null;
    }

    /// <summary>The decision on the code's hold: claimed for the new organisation, unless another organisation holds it.</summary>
    public static CreditCodeClaimed ClaimCode(CreditCodeHold hold, string creditCode, string organisationId) =>
        hold.OrganisationId is null
            ? new CreditCodeClaimed(creditCode, organisationId)
            : throw CodeRegistered(creditCode, "organisation.creditCode");

    public static MembershipApplied Apply(Organisation organisation, string organisationId, RegisteredDetails details, Contact contact, Licence licence, string administratorUserId) =>
        organisation.Status == OrganisationStatus.None
            ? new MembershipApplied(organisationId, details, contact, licence, administratorUserId)
            : throw new InvalidOperationException($"Organisation {organisationId} exists already.");

    public static DomainRuleViolationException CodeRegistered(string creditCode, string field) => Rule.Broken("organisation.credit-code-registered", field,
        $"An organisation with the 统一社会信用代码 {creditCode} has applied already or is a member.");

    public static string NewOrganisationId() => $"org-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";

    public static void Map(RouteGroupBuilder organisations)
    {
        organisations.MapPost("/applications/check", async (OrganisationRequest request, EventStore.EventStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            var errors = new FieldErrors();
            var organisation = ReadOrganisation(request, ExchangeCalendar.Today(time), errors, "");
            errors.ThrowIfAny();
            var (details, _) = organisation!.Value;
            if ((await store.Load<CreditCodeHold>(CreditCodeHold.StreamId(details.CreditCode), cancellationToken)).State.OrganisationId is not null)
            {
                throw CodeRegistered(details.CreditCode, "creditCode");
            }

            return Results.Ok(new OrganisationCheck(details.LegalName, details.CreditCode, details.Kind));
        })
        .Produces<OrganisationCheck>()
        .AllowAnonymous()
        .WithSummary("Step one of an application: check the organisation's details and that its 统一社会信用代码 is free");

        organisations.MapPost("/applications", async (ApplicationRequest request, HttpContext http, EventStore.EventStore store,
            UserManager<UserAccount> users, TimeProvider time) =>
        {
            var errors = new FieldErrors();
            var organisation = ReadOrganisation(request.Organisation, ExchangeCalendar.Today(time), errors, "organisation.");
            var contact = ReadContact(request.Contact, errors, "contact.");
            var administrator = await AccountRules.ReadNewAccount(users, errors, "administrator.", request.Administrator?.UserName,
                request.Administrator?.Name, request.Administrator?.Email, request.Administrator?.Password, passwordRequired: true);
            errors.ThrowIfAny();
            var (details, licence) = organisation!.Value;
            var organisationId = NewOrganisationId();

            // The account first: it cannot sign in before the organisation is verified, and it is removed
            // again if the application does not commit.
            var account = await AccountRules.Create(users, administrator!, organisationId, OrganisationRoles.All, invitedBy: null, time.GetUtcNow(), "administrator.");
            try
            {
                await using var session = await store.OpenSession(http.EventMetadata(), http.RequestAborted);
                var hold = await session.Load<CreditCodeHold>(CreditCodeHold.StreamId(details.CreditCode), http.RequestAborted);
                var stream = await session.Load<Organisation>(Organisation.StreamId(organisationId), http.RequestAborted);
                session.Append(hold, ClaimCode(hold.State, details.CreditCode, organisationId));
                var applied = session.Append(stream, Apply(stream.State, organisationId, details, contact!, licence, account.Id));
                await session.SaveChanges(http.RequestAborted);
                http.Response.SetVersionETag(applied.Version);
            }
            catch (Exception e) when (e is ConcurrencyException or DomainRuleViolationException)
            {
                await users.DeleteAsync(account);
                // A lost race on the code's hold: another application took the code first.
                throw e is ConcurrencyException ? CodeRegistered(details.CreditCode, "organisation.creditCode") : e;
            }

            return Results.Created($"/api/organisations/{organisationId}",
                new ApplicationAccepted(organisationId, details.LegalName, details.CreditCode, OrganisationStatus.Applied, account.UserName!));
        })
        .Produces<ApplicationAccepted>(StatusCodes.Status201Created)
        .AllowAnonymous()
        .WithSummary("Apply for membership (会员申请): the organisation, its contact and its administrator's account");
    }
}
