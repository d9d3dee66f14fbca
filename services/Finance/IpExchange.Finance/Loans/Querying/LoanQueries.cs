using IpExchange.Contracts.Members;
using IpExchange.Finance.Patents;
using IpExchange.Members;
using Marten;

namespace IpExchange.Finance.Loans.Querying;

/// <summary>A bank or guarantee institution an application may name.</summary>
public sealed record Lender(string OrganisationId, string Name, string Role, string Region);

/// <summary>A loan's page, and the lists of each desk: the borrower's loans, the bank's and the guarantor's, all of them for the exchange.</summary>
public static class LoanQueries
{
    public static void Map(RouteGroupBuilder loans)
    {
        loans.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var loan = await store.Load<Loan>(Loan.StreamId(id), http.RequestAborted);
            LoanAccess.RequireReadable(loan.State, http.Caller(), id);
            http.Response.SetVersionETag(loan.Version);
            return Results.Ok(LoanView.From(loan.State, loan.Version));
        }).Produces<LoanView>().WithSummary("A loan, to its borrower, bank, guarantor and the exchange");

        loans.MapGet("/", async (HttpContext http, EventStore.EventStore store) =>
        {
            var caller = http.Caller();
            await using var session = store.Marten.QuerySession();
            var query = session.Query<LoanSummary>().AsQueryable();
            if (!caller.IsExchange)
            {
                var org = caller.OrganisationId;
                query = query.Where(l => l.BorrowerOrganisationId == org || l.BankOrganisationId == org || l.GuarantorOrganisationId == org);
            }

            return Results.Ok(await query.OrderByDescending(l => l.AppliedAt).Take(200).ToListAsync(http.RequestAborted));
        }).Produces<IReadOnlyList<LoanSummary>>().WithSummary("The loans the caller is party to (all of them for the exchange), newest first");

        // What an application form offers: the banks and guarantee institutions among the members, and the caller's own patents as the Listing service describes them.
        loans.MapGet("/lenders", async (HttpContext http, EventStore.EventStore store) =>
        {
            await using var session = store.Marten.QuerySession();
            var members = await session.Query<MemberRecord>()
                .Where(m => m.Kind == OrganisationKind.Bank || m.Kind == OrganisationKind.GuaranteeInstitution).ToListAsync(http.RequestAborted);
            return Results.Ok(members.OrderBy(m => m.Kind).ThenBy(m => m.LegalName, StringComparer.Ordinal)
                .Select(m => new Lender(m.Id, m.LegalName, m.Kind == OrganisationKind.Bank ? Parties.Bank : Parties.Guarantor, m.Region)));
        }).Produces<IReadOnlyList<Lender>>().WithSummary("The banks and guarantee institutions an enterprise may name in an application");

        loans.MapGet("/patents", async (HttpContext http, EventStore.EventStore store) =>
        {
            var org = http.Caller().OrganisationId;
            await using var session = store.Marten.QuerySession();
            return Results.Ok(await session.Query<KnownPatent>().Where(p => p.OwnerOrganisationId == org).OrderBy(p => p.Id).Take(500).ToListAsync(http.RequestAborted));
        }).Produces<IReadOnlyList<KnownPatent>>().WithSummary("The caller's patents as this service knows them (owner, in force, pledge), for an application");
    }
}
