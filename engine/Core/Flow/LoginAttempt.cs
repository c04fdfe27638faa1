namespace Pickup.Core.Flow;

/// <summary>Where a login attempt stands.</summary>
public enum LoginAttemptStatus
{
    /// <summary>Steps remain.</summary>
    InProgress,

    /// <summary>Every step succeeded; waiting for the authorization endpoint to issue the code.</summary>
    Completed,

    /// <summary>An authenticator ended the attempt; only its error page can be shown.</summary>
    Failed,

    /// <summary>
    /// A step was completed and the attempt moved to a new key (<see cref="LoginAttempt.ReplacedBy"/>): the old key
    /// only tells a request that lost the race where the attempt went.
    /// </summary>
    Replaced,
}

/// <summary>
/// One login attempt, keyed by its unguessable <see cref="SessionDataKey"/>. Plain data, serialised as JSON by
/// the stores, so that it can live in memory or in Redis alike.
/// </summary>
public sealed class LoginAttempt
{
    public required string SessionDataKey { get; set; }

    /// <summary>For a <see cref="LoginAttemptStatus.Replaced"/> attempt: the key it moved to.</summary>
    public string? ReplacedBy { get; set; }

    /// <summary>SHA-256 (base64url) of the browser-binding cookie: the attempt only answers that browser.</summary>
    public required string BrowserBinding { get; init; }

    /// <summary>The service provider's <c>name</c>.</summary>
    public required string ServiceProvider { get; init; }

    public required string ClientId { get; init; }

    /// <summary>
    /// The <see cref="ConfigurationGeneration.Id"/> the attempt started under: its steps keep that configuration while
    /// the engine keeps it, even after a live reload. Null for an attempt stored before reloads existed.
    /// </summary>
    public string? ConfigurationId { get; init; }

    /// <summary>The authorization request's parameters, to resume it when the steps are done.</summary>
    public required Dictionary<string, string> AuthorizeParameters { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; set; }

    public LoginAttemptStatus Status { get; set; } = LoginAttemptStatus.InProgress;

    /// <summary>
    /// True once the browser posted a form to the attempt. Until then the attempt is cheap: it lives a few minutes
    /// only, and a full store evicts such attempts first (oldest first), never one that is in use.
    /// </summary>
    public bool Posted { get; set; }

    /// <summary>0-based index of the current step.</summary>
    public int StepIndex { get; set; }

    /// <summary>0-based index of the option chosen in the current step, or null while the driver has to pick one.</summary>
    public int? OptionIndex { get; set; }

    /// <summary>The user identified so far.</summary>
    public string? UserId { get; set; }

    public string? Username { get; set; }

    /// <summary>The user whose claim becomes the token subject (the step with <c>use_subject</c>).</summary>
    public string? SubjectUserId { get; set; }

    /// <summary>The page the driver was last sent to (template path), so a lost race can send them back there.</summary>
    public string? CurrentTemplate { get; set; }

    /// <summary>The query of <see cref="CurrentTemplate"/>, without <c>sessionDataKey</c>.</summary>
    public Dictionary<string, string> CurrentQuery { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The current step's authenticator state.</summary>
    public Dictionary<string, string> State { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Authenticator ids that succeeded in this attempt, in order (steps actually run).</summary>
    public List<string> CompletedAuthenticators { get; set; } = [];

    /// <summary>The single sign-on session whose proven factors this attempt reused, if any.</summary>
    public string? SsoSessionId { get; set; }

    /// <summary>The authenticator ids that session had proven when the attempt started: their steps are skipped.</summary>
    public List<string> SsoProvenAuthenticators { get; set; } = [];

    /// <summary>Authenticator ids of the steps skipped because the single sign-on session had proven them, in order.</summary>
    public List<string> ReusedAuthenticators { get; set; } = [];

    /// <summary>Optimistic-concurrency stamp: a save fails when another request saved first.</summary>
    public long Version { get; set; }
}
