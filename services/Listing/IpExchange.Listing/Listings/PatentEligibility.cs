using IpExchange.Contracts;
using IpExchange.Listing.Patents;

namespace IpExchange.Listing.Listings;

/// <summary>
/// The rules a listing's patents must meet when it is submitted and again when it is approved:
/// owned by the lister, in force, not expiring within the period, a pledge consented to before an
/// ownership transfer, and the exclusivity of deals on one patent.
/// </summary>
public static class PatentEligibility
{
    public static void Check(Listing listing, IReadOnlyList<Patent> patents, DateOnly today, bool checkExclusivity)
    {
        var terms = listing.Terms!;
        var errors = new FieldErrors();
        string? rule = null;
        void Fail(string code, int i, string message)
        {
            rule ??= code;
            errors.Add($"patentIds[{i}]", code, message, ("patentId", terms.PatentIds[i]));
        }

        for (var i = 0; i < terms.PatentIds.Count; i++)
        {
            var id = terms.PatentIds[i];
            var patent = patents.FirstOrDefault(p => p.Id == id);
            if (patent is null || (patent.OwnerOrganisationId != listing.OwnerOrganisationId && !listing.DisposesPledgeOf(patent)))
            {
                Fail("listing.patent-not-owned", i, listing.PledgeLoanId is null
                    ? $"Patent {id} is not registered by the listing's owner."
                    : $"Patent {id} is not pledged to the listing's owner under loan {listing.PledgeLoanId}.");
                continue;
            }

            if (!patent.InForceOn(today))
            {
                Fail("listing.patent-not-in-force", i, $"Patent {id} is not in force (status {patent.LegalStatus}, term ends {patent.ExpiresOn:yyyy-MM-dd}).");
                continue;
            }

            if (patent.ExpiresOn <= terms.ListedUntil)
            {
                Fail("listing.patent-expires-in-period", i, $"Patent {id} expires on {patent.ExpiresOn:yyyy-MM-dd}, within the listing period.");
            }

            if (patent.Pledge is { ConsentDocument: null } pledge && terms.DealKind is DealKind.Assignment or DealKind.EquityContribution)
            {
                Fail("listing.pledged-without-consent", i, $"Patent {id} is pledged to {pledge.Pledgee}; record the pledgee's consent before offering it for {terms.DealKind}.");
            }

            if (!checkExclusivity)
            {
                continue;
            }

            var others = patent.ActiveListings.Where(l => l.Key != listing.Id).ToList();
            if (terms.DealKind.IsExclusive() && others.FirstOrDefault(o => o.Value.IsExclusive()) is { Key: not null } exclusive)
            {
                Fail("listing.patent-in-exclusive-listing", i, $"Patent {id} is already in the active exclusive listing {exclusive.Key}.");
            }
            else if (terms.DealKind == DealKind.OpenLicence && others.Any(o => o.Value.ExcludesOtherLicensees()))
            {
                Fail(LicenceRules.LicensedExclusively, i, $"Patent {id} is offered under an exclusive licence and cannot also be openly licensed.");
            }
            else if (LicenceRules.For(terms.DealKind, patent, listing.Id) is { } conflict)
            {
                // The licences granted and in force, and the open-licence declarations: the same rules the deal meets again.
                Fail(conflict.Rule, i, conflict.Message);
            }
        }

        if (rule is not null)
        {
            throw new ServiceDefaults.DomainRuleViolationException(rule, "The listing's patents do not meet the exchange's rules.",
                errors.ToProblems());
        }
    }
}
