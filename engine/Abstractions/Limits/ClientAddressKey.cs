using System.Net;
using System.Net.Sockets;

namespace Pickup.Abstractions.Limits;

/// <summary>
/// The key a per-address limit counts a client under (once per call; pure). One IPv6 subscriber usually holds a whole /64 (and can pick
/// any address in it at will), so IPv6 is counted by its /64; IPv4 as is; an IPv4-mapped IPv6 address as its IPv4.
/// </summary>
public static class ClientAddressKey
{
    /// <summary>The key for <paramref name="address"/>, or null when there is none.</summary>
    public static string? For(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    /// <summary>The key for an address in text (as audit events and plugins' messages carry it); text that is no address stays as it is.</summary>
    public static string? For(string? address) =>
        address is null ? null : IPAddress.TryParse(address, out var parsed) ? For(parsed) : address;
}
