namespace IpExchange.Foundation.Tests.Messages;

/// <summary>A test integration event. <c>Scope</c> keeps each test's messages apart on the shared broker.</summary>
public sealed record WidgetShipped(string Scope, string StreamId, int Number);
