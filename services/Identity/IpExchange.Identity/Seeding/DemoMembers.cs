using System.Reflection;
using System.Text.Json;
using IpExchange.Contracts.Members;
using IpExchange.EventStore;
using IpExchange.Identity.Accounts;
using IpExchange.Identity.Organisations;
using Microsoft.AspNetCore.Identity;

namespace IpExchange.Identity.Seeding;

public sealed record DemoOrganisation(string Id, string LegalName, string CreditCode, OrganisationKind Kind, string Region, string? Group, Contact Contact, Licence Licence);

public sealed record DemoUser(string UserName, string Id, string Name, string OrganisationId, string Email, IReadOnlyList<string> Roles);

public sealed record DemoMembersFile(string Password, IReadOnlyList<DemoOrganisation> Organisations, IReadOnlyList<DemoUser> Users);

/// <summary>
/// The demo members (<c>demo-members.json</c>): the fictional universities, institutes, enterprises
/// and the exchange that the demo catalogue trades between, each with a valid fictional 统一社会信用代码,
/// applied and verified by "system" through the same events as a real member, so that every service
/// learns their legal names; and the demo users of the README (password demo-2026), each with all
/// three roles in their organisation. Idempotent: what exists is left alone.
/// </summary>
public sealed class DemoMembers(EventStore.EventStore store, UserManager<UserAccount> users, TimeProvider time)
{
    public const string Reviewer = "system";

    public static DemoMembersFile Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Seeding.demo-members.json")
            ?? throw new InvalidOperationException("demo-members.json is not embedded.");
        return JsonSerializer.Deserialize<DemoMembersFile>(stream, StoreJson.Options)
            ?? throw new InvalidOperationException("demo-members.json is empty.");
    }

    /// <summary>Seeds what is missing; returns how many organisations and users were added.</summary>
    public async Task<(int Organisations, int Users)> Run(CancellationToken cancellationToken)
    {
        var file = Load();
        var organisations = 0;
        foreach (var demo in file.Organisations)
        {
            var administrator = file.Users.FirstOrDefault(u => u.OrganisationId == demo.Id)?.Id ?? "";
            await using var session = await store.OpenSession(EventMetadata.System(), cancellationToken);
            var stream = await session.Load<Organisation>(Organisation.StreamId(demo.Id), cancellationToken);
            if (stream.Exists)
            {
                continue;
            }

            var details = new RegisteredDetails(demo.LegalName, demo.CreditCode, demo.Kind, demo.Region, demo.Group);
            var hold = await session.Load<CreditCodeHold>(CreditCodeHold.StreamId(demo.CreditCode), cancellationToken);
            session.Append(hold, Organisations.Applying.ApplyForMembership.ClaimCode(hold.State, demo.CreditCode, demo.Id));
            session.Append(stream,
                new MembershipApplied(demo.Id, details, demo.Contact, demo.Licence, administrator),
                new ApplicationVerified(demo.Id, Reviewer));
            await session.SaveChanges(cancellationToken);
            organisations++;
        }

        var added = 0;
        foreach (var demo in file.Users)
        {
            if (await users.FindByIdAsync(demo.Id) is not null)
            {
                continue;
            }

            var account = new UserAccount
            {
                Id = demo.Id,
                UserName = demo.UserName,
                Email = demo.Email,
                EmailConfirmed = true,
                DisplayName = demo.Name,
                OrganisationId = demo.OrganisationId,
                CreatedAt = time.GetUtcNow(),
            };
            AccountRules.Check(await users.CreateAsync(account, file.Password), "");
            AccountRules.Check(await users.AddToRolesAsync(account, demo.Roles), "");
            added++;
        }

        return (organisations, added);
    }
}
