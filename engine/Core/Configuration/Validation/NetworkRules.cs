using System.Net;
using System.Net.Sockets;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Address and URL checks shared by the configuration validators.</summary>
public static class NetworkRules
{
    /// <summary>True for "localhost" or a literal IPv4 (four dotted numbers) or IPv6 address.</summary>
    public static bool IsBindAddress(string? value)
    {
        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrEmpty(value) || !IPAddress.TryParse(value, out var address))
        {
            return false;
        }

        // IPAddress.TryParse also takes shorthands such as "127.1" or "10"; a listen address is written in full.
        return address.AddressFamily == AddressFamily.InterNetworkV6 || value.Split('.').Length == 4;
    }

    /// <summary>True for "localhost", 127.0.0.0/8 and ::1: addresses no other machine can reach.</summary>
    public static bool IsLoopback(string? value) =>
        string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(value, out var address) && IPAddress.IsLoopback(address));

    /// <summary>True for an absolute http or https URL.</summary>
    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    /// <summary>True for an absolute http or https URL without a fragment (redirect URIs may not carry one).</summary>
    public static bool IsHttpUrlWithoutFragment(string? value) => IsHttpUrl(value) && !value!.Contains('#', StringComparison.Ordinal);

    /// <summary>
    /// True for an absolute URL without a fragment. Any scheme but <c>file</c> is taken, so native apps may use
    /// their own (<c>com.example.app:/logout</c>); on Unix, <see cref="Uri"/> would read a bare path as a file URL.
    /// </summary>
    public static bool IsAbsoluteUrlWithoutFragment(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && !uri.IsFile
        && !uri.IsUnc
        && !value!.Contains('#', StringComparison.Ordinal);

    /// <summary>
    /// True for an absolute https URL without a fragment, or an http one whose host is loopback (development): where a
    /// back-channel logout token may be posted.
    /// </summary>
    public static bool IsBackchannelLogoutUrl(string? value) =>
        IsHttpUrlWithoutFragment(value)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback);
}
