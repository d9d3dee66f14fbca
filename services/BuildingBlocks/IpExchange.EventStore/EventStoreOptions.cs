using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace IpExchange.EventStore;

public sealed class EventStoreOptions
{
    /// <summary>Npgsql connection string of the service's database.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The service's own PostgreSQL schema: no service reads another's.</summary>
    public string Schema { get; set; } = "";

    public static JsonSerializerOptions DefaultJson { get; } = new(JsonSerializerDefaults.Web)
    {
        // Chinese text stays readable in the stored jsonb and in messages.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public JsonSerializerOptions Json { get; set; } = DefaultJson;

    internal string Qualify(string name) => $"\"{Schema}\".{name}";
}
