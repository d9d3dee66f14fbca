namespace IpExchange.Listing.Listings.Reviewing;

/// <summary>项目联系人: the exchange's officer a buyer asks about a listing, as the review assigned them.</summary>
public sealed record ProjectContact(string Name, string? Phone, string? Email);

/// <summary>One officer's or the project desk's contact details, from configuration.</summary>
public sealed class ContactDetails
{
    public string? Name { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }
}

/// <summary>
/// <c>Listing:ProjectContacts</c>: the officers who review listings, by their user id (the token's
/// subject), each with the name, telephone and email a buyer may use; and the project desk whose
/// telephone and email stand in for an officer configured without them (or not configured at all).
/// </summary>
public sealed class ProjectContactOptions
{
    public const string Section = "Listing:ProjectContacts";

    public ContactDetails Desk { get; set; } = new();

    public Dictionary<string, ContactDetails> Officers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The contact for a listing <paramref name="reviewerId"/> approves: that officer as configured, else
    /// the reviewer by the name their sign-in carries; the desk's telephone and email fill what is missing.
    /// </summary>
    public ProjectContact For(string reviewerId, string reviewerName)
    {
        var officer = Officers.GetValueOrDefault(reviewerId);
        return new ProjectContact(
            string.IsNullOrWhiteSpace(officer?.Name) ? reviewerName : officer.Name,
            string.IsNullOrWhiteSpace(officer?.Phone) ? Desk.Phone : officer.Phone,
            string.IsNullOrWhiteSpace(officer?.Email) ? Desk.Email : officer.Email);
    }
}
