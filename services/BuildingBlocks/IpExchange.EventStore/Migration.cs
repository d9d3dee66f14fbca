namespace IpExchange.EventStore;

/// <summary>
/// One step of a service's schema. <c>{schema}</c> in the SQL is replaced by the service's schema name.
/// Steps are applied once each, in order, recorded in <c>schema_migrations</c>; never edit an applied one.
/// </summary>
public sealed record Migration(string Id, string Sql);
