using IpExchange.Contracts;

namespace IpExchange.Listing.Patents;

/// <summary>
/// The term of protection, counted from the filing date (Patent Law art. 42): invention 20 years,
/// utility model 10, design 15 for applications filed from 2021-06-01 (the fourth amendment) and
/// 10 before. <see cref="ExpiresOn"/> is the first day the patent is no longer in force.
/// </summary>
public static class PatentTerm
{
    public static readonly DateOnly DesignTermChange = new(2021, 6, 1);

    public static int Years(PatentType type, DateOnly filingDate) => type switch
    {
        PatentType.Invention => 20,
        PatentType.UtilityModel => 10,
        PatentType.Design => filingDate >= DesignTermChange ? 15 : 10,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static DateOnly ExpiresOn(PatentType type, DateOnly filingDate) => filingDate.AddYears(Years(type, filingDate));
}
