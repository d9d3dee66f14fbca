using IpExchange.Contracts;
using IpExchange.Listing.Patents;
using IpExchange.ServiceDefaults;
using Microsoft.AspNetCore.Hosting;
using IpExchange.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IpExchange.Listing.Tests;

[CollectionDefinition("listing-api")]
public sealed class ListingApiCollection : ICollectionFixture<ListingApi>;

/// <summary>
/// The Listing service in-process on the real PostgreSQL (its own schema per run) and RabbitMQ (its
/// own queue prefix) that deploy/test.sh starts, with a clock the tests can move forward.
/// </summary>
public sealed class ListingApi() : ServiceFactory<Program>("listing")
{
    private static int _serial = 1000;

    public static readonly Caller Tju = new("u-tju-1", "王老师", "org-tju", "天津大学", Roles.University, null, "天津");
    public static readonly Caller Csu = new("u-csu-1", "李老师", "org-csu", "中南大学", Roles.University, null, "湖南");
    public static readonly Caller Crrc = new("u-crrc-1", "张经理", "org-crrc", "中车株洲电力机车有限公司", Roles.Enterprise, "grp-crrc", "湖南");
    public static readonly Caller Sinoma = new("u-sinoma-1", "赵经理", "org-sinoma", "中材高新材料股份有限公司", Roles.Enterprise, "grp-cnbm", "山东");
    public static readonly Caller Staff = new("u-ex-1", "审核员", "org-exchange", "知识产权交易中心", Roles.Exchange, null, "重庆");

    public EventStore.EventStore Store => Services.GetRequiredService<EventStore.EventStore>();

    /// <summary>A fresh, valid invention number with its check digit; each call gives another.</summary>
    public static string NewNumber(int year = 2019, char type = '1')
    {
        var digits = $"{year}{type}{Interlocked.Increment(ref _serial) + Random.Shared.Next(100000, 9000000):D7}"[..12];
        return $"ZL{digits}.{PatentNumber.CheckCharacter(digits)}";
    }

    public static object PatentRequest(string number, string title = "一种轨道交通牵引变流器的故障诊断方法", string? titleEn = "Fault diagnosis of traction converters for rail transit",
        string ipc = "H02M 7/48", string legalStatus = "Valid", DateOnly? filing = null, object? pledge = null, string type = "Invention") => new
    {
        number,
        title,
        titleEn,
        @abstract = "本发明公开了一种用于城市轨道交通车辆的牵引变流器故障诊断方法，基于电流信号特征提取实现功率器件开路故障的快速定位。",
        abstractEn = "A method to locate open-circuit faults of power devices in traction converters from current signatures.",
        ipcCodes = new[] { ipc, "B61C 3/00" },
        type,
        filingDate = (filing ?? new DateOnly(int.Parse(number.AsSpan(2, 4), System.Globalization.CultureInfo.InvariantCulture), 3, 15)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        grantDate = legalStatus == "Pending" ? null : "2021-08-20",
        legalStatus,
        inventors = new[] { "王强", "Li Na" },
        claimsCount = 10,
        pledge,
    };

    public static object ListingRequest(IEnumerable<string> patentIds, string dealKind = "Assignment", string pricing = "Negotiated", string mode = "Negotiated",
        decimal asking = 1_200_000.00m, decimal? reserve = null, DateOnly? until = null, object? extra = null)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var fields = new Dictionary<string, object?>
        {
            ["title"] = "轨道交通牵引变流器故障诊断专利转让",
            ["titleEn"] = "Traction converter fault diagnosis patent for assignment",
            ["summary"] = "适用于地铁与高铁牵引系统，已在株洲中试验证。Suitable for metro and high-speed traction systems.",
            ["patentIds"] = patentIds.ToArray(),
            ["dealKind"] = dealKind,
            ["pricingMethod"] = pricing,
            ["tradingMode"] = mode,
            ["askingPrice"] = asking,
            ["reservePrice"] = reserve,
            ["listedFrom"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["listedUntil"] = (until ?? today.AddDays(90)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (extra is not null)
        {
            foreach (var p in extra.GetType().GetProperties())
            {
                fields[p.Name] = p.GetValue(extra);
            }
        }

        return fields;
    }
}

/// <summary>The system clock moved forward by a settable offset, so a test can reach a listing's end.</summary>
