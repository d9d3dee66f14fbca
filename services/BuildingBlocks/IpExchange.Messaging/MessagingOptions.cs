namespace IpExchange.Messaging;

/// <summary>The <c>Messaging</c> configuration section: broker, endpoints, retries, limits.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Prefix of the service's queue names; the service's name unless set (tests run several side by side).</summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>
    /// Immediate retries inside the consumer (e.g. after a lost optimistic race), as a comma-separated
    /// list of milliseconds. A list rather than an array, because the configuration binder appends
    /// configured array items to the defaults instead of replacing them.
    /// </summary>
    public string RetryIntervalsMs { get; set; } = "50,200,1000";

    /// <summary>Later redeliveries after the retries, comma-separated seconds; then the _error queue. Empty: none.</summary>
    public string RedeliveryIntervalsSeconds { get; set; } = "5,30,120";

    public TimeSpan[] RetryIntervals => Parse(RetryIntervalsMs, TimeSpan.FromMilliseconds);

    public TimeSpan[] RedeliveryIntervals => Parse(RedeliveryIntervalsSeconds, TimeSpan.FromSeconds);

    public int PrefetchCount { get; set; } = 32;
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>Quorum queues replicate across a RabbitMQ cluster so a node loss loses no message.</summary>
    public bool QuorumQueues { get; set; }

    public OutboxRelayOptions Outbox { get; set; } = new();

    private static TimeSpan[] Parse(string list, Func<double, TimeSpan> unit) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(item => double.TryParse(item, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
                ? unit(value)
                : throw new FormatException($"'{item}' in Messaging intervals is not a non-negative number."))
            .ToArray();
}

public sealed class OutboxRelayOptions
{
    public bool Enabled { get; set; } = true;
    public int BatchSize { get; set; } = 500;

    /// <summary>How many streams are published in parallel; one stream's messages stay in order.</summary>
    public int Parallelism { get; set; } = 32;

    public int PollIntervalMs { get; set; } = 1000;
    public int PublishTimeoutMs { get; set; } = 10_000;
    public int MaxBackoffSeconds { get; set; } = 60;

    /// <summary>Readiness: a relay that showed no life for this long (no pass, no publish finishing, no lock attempt) is unhealthy.</summary>
    public int StallSeconds { get; set; } = 60;

    /// <summary>Readiness: the outbox's oldest message older than this makes the service Degraded (still ready).</summary>
    public int DegradedAgeSeconds { get; set; } = 60;

    /// <summary>
    /// Readiness: older than this, Unhealthy (taken out of rotation); 0, the default, never. The
    /// outbox exists to take commands while the broker is away: failing readiness on its age would
    /// turn a broker outage into an outage of every replica of the service.
    /// </summary>
    public int UnhealthyAgeSeconds { get; set; }
}
