using IpExchange.ServiceDefaults;

namespace IpExchange.Listing.Listings;

/// <summary>Who may see and change a listing.</summary>
public static class ListingAccess
{
    /// <summary>Only the owner changes its listing; to anyone else it does not exist (404, nothing leaks).</summary>
    public static void RequireOwner(Listing listing, Caller caller)
    {
        if (!listing.Exists || listing.OwnerOrganisationId != caller.OrganisationId)
        {
            throw new NotFoundException("listing", listing.Id ?? "");
        }
    }

    public static void RequireExchange(Listing listing, Caller caller)
    {
        if (!caller.IsExchange)
        {
            throw new ForbiddenException("Only exchange staff review listings.");
        }

        if (!listing.Exists)
        {
            throw new NotFoundException("listing", "");
        }
    }

    /// <summary>
    /// The owner and the exchange see every state; others see listings that went public, except an
    /// alliance's listing, which only its members see.
    /// </summary>
    public static bool CanRead(Listing listing, Caller caller)
    {
        if (!listing.Exists)
        {
            return false;
        }

        if (caller.IsExchange || listing.OwnerOrganisationId == caller.OrganisationId)
        {
            return true;
        }

        if (listing.Status is not (ListingStatus.Public or ListingStatus.Reserved or ListingStatus.Sold))
        {
            return false;
        }

        return listing.Terms!.AllianceId is null || listing.Terms.AllianceMemberIds.Contains(caller.OrganisationId);
    }

    public static bool SeesReservePrice(Listing listing, Caller caller) =>
        caller.IsExchange || listing.OwnerOrganisationId == caller.OrganisationId;
}
