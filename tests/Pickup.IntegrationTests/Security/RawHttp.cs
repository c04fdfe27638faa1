using System.Net.Sockets;
using System.Text;

namespace Pickup.IntegrationTests.Security;

/// <summary>
/// Sends bytes HttpClient refuses to send (raw invalid UTF-8 in the request line, NUL, broken framing) over a plain
/// TCP connection and reads the status and body of the answer.
/// </summary>
internal static class RawHttp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line; <c>Connection: close</c> is
    /// added) and <paramref name="body"/>. Returns the status (0 when the server closed without a word) and body.
    /// </summary>
    public static async Task<(int Status, string Body)> SendAsync(Uri baseUrl, byte[] head, byte[]? body = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(head);
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port, timeout.Token);
        var stream = client.GetStream();
        var headers = Encoding.ASCII.GetBytes($"\r\nHost: {baseUrl.Authority}\r\nConnection: close\r\n"
            + (body is null ? string.Empty : $"Content-Length: {body.Length}\r\n") + "\r\n");
        try
        {
            await stream.WriteAsync(head, timeout.Token);
            await stream.WriteAsync(headers, timeout.Token);
            if (body is not null)
            {
                await stream.WriteAsync(body, timeout.Token);
            }
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything; the answer is read below.
        }

        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0 && answer.Length < 4 * 1024 * 1024)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer was written.
        }

        var text = Encoding.UTF8.GetString(answer.ToArray());
        var firstLine = text.Split("\r\n", 2)[0].Split(' ');
        var status = firstLine.Length > 1 && int.TryParse(firstLine[1], out var code) ? code : 0;
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (status, bodyStart < 0 ? string.Empty : text[(bodyStart + 4)..]);
    }

    /// <summary>ASCII text followed by raw bytes followed by ASCII text: a request line with bytes of any kind in it.</summary>
    public static byte[] Line(string before, byte[] raw, string after) =>
        [.. Encoding.ASCII.GetBytes(before), .. raw, .. Encoding.ASCII.GetBytes(after)];
}
