using Npgsql;

namespace IpExchange.Monitoring;

internal static class Sql
{
    /// <summary>Adds a parameter, null as SQL NULL.</summary>
    public static NpgsqlCommand With(this NpgsqlCommand cmd, string name, object? value)
    {
        // PostgreSQL's timestamptz takes UTC only; the sources send UTC, this keeps a stray offset from failing.
        cmd.Parameters.AddWithValue(name, value is DateTimeOffset at ? at.ToUniversalTime() : value ?? DBNull.Value);
        return cmd;
    }

    public static T? Get<T>(this NpgsqlDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? default : reader.GetFieldValue<T>(i);
    }
}
