using System.Globalization;
using System.Security.Cryptography;

namespace IpExchange.ServiceDefaults;

/// <summary>Ids people read and quote: a prefix naming the kind (GP 挂牌, XQ 需求, PM 拍卖...), the UTC date, random hex.</summary>
public static class BusinessIds
{
    public static string New(string prefix, DateTimeOffset now, int randomBytes = 4) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{now.UtcDateTime:yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(randomBytes))}");
}
