namespace IpExchange.Identity.Accounts;

/// <summary>A letter to an account's email: an invitation or a password reset, with the one link it is about.</summary>
public sealed record AccountLetter(string UserId, string UserName, string To, string Subject, Uri Link);

/// <summary>Where letters to accounts go. The service has no mail transport yet: <see cref="LoggedAccountLetters"/>.</summary>
public interface IAccountLetters
{
    Task Send(AccountLetter letter, CancellationToken cancellationToken);
}

/// <summary>
/// No mail server is needed in Development: the letter, link included, is written to the log (search it
/// for "Letter to"). In any other environment a link that signs someone in never goes to a log: the
/// letter is reported as not sent, until a mail transport is configured in its place.
/// </summary>
public sealed partial class LoggedAccountLetters(IHostEnvironment environment, ILogger<LoggedAccountLetters> logger) : IAccountLetters
{
    public Task Send(AccountLetter letter, CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            LogLetter(logger, letter.To, letter.UserName, letter.Subject, letter.Link);
        }
        else
        {
            LogNotSent(logger, letter.UserName, letter.Subject);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Letter to {To} ({UserName}): {Subject} {Link} (Development: no mail server, the link is written here)")]
    private static partial void LogLetter(ILogger logger, string to, string userName, string subject, Uri link);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No mail transport is configured: the letter '{Subject}' to {UserName} was not sent")]
    private static partial void LogNotSent(ILogger logger, string userName, string subject);
}
