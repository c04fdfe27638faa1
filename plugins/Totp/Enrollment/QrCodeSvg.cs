using System.Drawing;
using OtpNet;
using Pickup.Plugins.Totp.Codes;
using QRCoder;

namespace Pickup.Plugins.Totp.Enrollment;

/// <summary>The <c>otpauth://</c> link of a secret and its QR code as inline SVG (no request leaves the page, no script runs).</summary>
internal static class QrCodeSvg
{
    /// <summary>Pixels of the drawn code: fits the narrowest phone with the page's margins.</summary>
    public const int Size = 240;

    /// <summary>The key URI authenticator apps read (Google's Key Uri Format): issuer, account name, SHA1, 6 digits, 30 s.</summary>
    public static string KeyUri(byte[] secret, string issuer, string accountName) =>
        new OtpUri(OtpType.Totp, secret, accountName, issuer, OtpHashMode.Sha1, TotpCode.Digits, TotpCode.PeriodSeconds).ToString();

    /// <summary>
    /// The QR code of <paramref name="keyUri"/> as an <c>&lt;svg&gt;</c> element: only attributes and path data, no
    /// style attribute (the pages' CSP allows no inline style) and nothing taken from user input but the encoded modules.
    /// </summary>
    public static string Render(string keyUri)
    {
        using var generator = new QRCodeGenerator();
        // Level M survives a phone screen's glare and keeps the code small enough to scan from a laptop.
        using var data = generator.CreateQrCode(keyUri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(new Size(Size, Size), "#000000", "#FFFFFF", drawQuietZones: true, SvgQRCode.SizingMode.WidthHeightAttribute);
    }
}
