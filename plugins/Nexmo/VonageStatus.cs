using System.Collections.Frozen;
using Pickup.Sms.Contracts;

namespace Pickup.Plugins.Nexmo;

/// <summary>
/// One row of the Vonage SMS API status table: what the status means, what an administrator can do about it, and
/// how the engine should treat it.
/// </summary>
/// <param name="Status">Vonage's <c>status</c> value.</param>
/// <param name="Meaning">Vonage's name for it.</param>
/// <param name="Action">What an administrator can do, in one sentence.</param>
/// <param name="Reason">The failure kind the authenticator turns into a sentence for the driver.</param>
internal sealed record VonageStatus(string Status, string Meaning, string Action, SmsFailureReason Reason)
{
    // From Vonage's SMS API error table. Statuses that mean "our account or settings are wrong" are Misconfigured
    // (an admin must act, the driver cannot); those about this message or number are Rejected; the platform's own
    // trouble is Unreachable (trying again later may work).
    private static readonly FrozenDictionary<string, VonageStatus> Table = new VonageStatus[]
    {
        new("1", "Throttled", "the account sends faster than its throughput limit; lower the SMS limits in deployment.toml or ask Vonage for a higher limit", SmsFailureReason.Rejected),
        new("2", "Missing Parameters", "sms_url or http_payload lacks one of from, to, api_key, api_secret or text", SmsFailureReason.Misconfigured),
        new("3", "Invalid Parameters", "a parameter's value is invalid, most often the number in 'to'; check the user's mobile number and the 'from' value", SmsFailureReason.Rejected),
        new("4", "Invalid Credentials", "api_key or api_secret is wrong or disabled; check them in the Vonage dashboard and in the environment variables sms_url uses", SmsFailureReason.Misconfigured),
        new("5", "Internal Error", "Vonage's platform failed; if it persists, contact Vonage support", SmsFailureReason.Unreachable),
        new("6", "Invalid Message", "Vonage could not process the message, for example an unrecognised number prefix; check the user's mobile number", SmsFailureReason.Rejected),
        new("7", "Number Barred", "the destination number is barred and cannot receive messages", SmsFailureReason.Rejected),
        new("8", "Partner Account Barred", "the Vonage account is suspended; contact Vonage support", SmsFailureReason.Misconfigured),
        new("9", "Partner Quota Violation", "the Vonage account has too little credit; top it up", SmsFailureReason.Misconfigured),
        new("10", "Too Many Existing Binds", "the account has more simultaneous connections than allowed; back off and try again", SmsFailureReason.Rejected),
        new("11", "Account Not Enabled For HTTP", "the account is not provisioned for the SMS API; ask Vonage to enable it", SmsFailureReason.Misconfigured),
        new("12", "Message Too Long", "the message is longer than allowed; shorten the SMS message template", SmsFailureReason.Misconfigured),
        new("13", "Communication Failed", "Vonage could not pass the message on; try again later", SmsFailureReason.Unreachable),
        new("14", "Invalid Signature", "the request signature could not be verified; check the signature secret and method", SmsFailureReason.Misconfigured),
        new("15", "Invalid Sender Address", "the 'from' sender id is not allowed for this destination; use a number or sender id Vonage authorised", SmsFailureReason.Misconfigured),
        new("19", "Facility Not Allowed", "the request uses a feature not enabled on the account; remove it or ask Vonage to enable it", SmsFailureReason.Misconfigured),
        new("20", "Invalid Message Class", "the message-class parameter is out of range; remove or correct it", SmsFailureReason.Misconfigured),
        new("22", "Invalid Network Code", "the network code parameter is unknown; remove or correct it", SmsFailureReason.Misconfigured),
        new("23", "Bad Callback :: Missing Protocol", "the callback URL lacks https://; correct or remove it", SmsFailureReason.Misconfigured),
        new("29", "Non-Whitelisted Destination", "a trial account may send only to pre-approved numbers; add the number in the Vonage dashboard or upgrade the account", SmsFailureReason.Misconfigured),
        new("32", "Signature And API Secret Disallowed", "the account requires signed requests; sign them instead of sending api_secret", SmsFailureReason.Misconfigured),
        new("33", "Number De-activated", "the destination number is no longer active", SmsFailureReason.Rejected),
        new("34", "Invalid or Missing MSISDN", "the number in 'to' is missing or invalid; check the user's mobile number", SmsFailureReason.Rejected),
    }.ToFrozenDictionary(s => s.Status, StringComparer.Ordinal);

    /// <summary>True when <paramref name="status"/> is one of Vonage's table.</summary>
    public static bool IsKnown(string status) => Table.ContainsKey(status);

    /// <summary>The row for <paramref name="status"/>; an unknown status is treated as a refusal of the message.</summary>
    public static VonageStatus For(string status) =>
        Table.TryGetValue(status, out var known)
            ? known
            : new VonageStatus(status, "Unknown status", "see Vonage's SMS API error table for this status", SmsFailureReason.Rejected);
}
