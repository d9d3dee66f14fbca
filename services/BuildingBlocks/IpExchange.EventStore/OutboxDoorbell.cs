namespace IpExchange.EventStore;

/// <summary>
/// How a commit that wrote outbox rows wakes the relay when the relay leading for the schema runs in
/// the same process: in memory, after the commit. Only when no relay here leads does the session
/// queue a PostgreSQL NOTIFY for a relay elsewhere.
///
/// Why not always NOTIFY: a transaction that notifies takes one lock for the whole database at
/// commit and holds it through the commit's WAL flush, so every writer's commits queue behind each
/// other. With 16 writers, one-row INSERTs that also NOTIFY ran at a fifth of the rate of the same
/// INSERTs without (pgbench on these machines), and the store's appends with them.
///
/// The leader's flag is read when the session queues its first outbox row, before the commit. A
/// leader that resigns in between leaves those rows to the next one, whose first pass reads every
/// row there is; nothing is lost, only woken later.
/// </summary>
public sealed class OutboxDoorbell : IDisposable
{
    private readonly SemaphoreSlim _rung = new(0, 1);
    private volatile bool _answered;

    /// <summary>True while a relay in this process leads for the schema and waits on this bell.</summary>
    public bool Answered => _answered;

    /// <summary>The relay says it leads (true) or no longer does (false).</summary>
    public void Answer(bool leading) => _answered = leading;

    /// <summary>Wakes the waiting relay; rings that come while it is busy fold into one.</summary>
    public void Ring()
    {
        if (_rung.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _rung.Release();
        }
        catch (SemaphoreFullException)
        {
            // Rung by another commit at the same moment: one wake-up covers both.
        }
        catch (ObjectDisposedException)
        {
            // The store is shutting down: no relay waits any more, the rows wait for the next start.
        }
    }

    /// <summary>True when rung, false when the timeout passed first.</summary>
    public Task<bool> Wait(TimeSpan timeout, CancellationToken cancellationToken) => _rung.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _rung.Dispose();
}
