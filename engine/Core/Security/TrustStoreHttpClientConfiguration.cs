using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Pickup.Core.Security;

/// <summary>
/// Puts the trust store's validation on the primary handler of every named client.
/// </summary>
/// <remarks>
/// A post-configure step, so it runs after each client's own configuration: a client that chose its own primary
/// handler still gets the check. It changes the handler in place (never replaces it), so settings others make on
/// the same handler (a plugin's connect timeout, for one) are kept, in whichever order both run. A client
/// that set its own validation callback keeps it: that is a deliberate, stricter or different policy.
/// </remarks>
internal sealed class TrustStoreHttpClientConfiguration : IPostConfigureOptions<HttpClientFactoryOptions>
{
    private readonly TrustStoreCertificateValidator _validator;

    public TrustStoreHttpClientConfiguration(TrustStoreCertificateValidator validator)
    {
        _validator = validator;
    }

    public void PostConfigure(string? name, HttpClientFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            switch (builder.PrimaryHandler)
            {
                case SocketsHttpHandler sockets when sockets.SslOptions.RemoteCertificateValidationCallback is null:
                    sockets.SslOptions.RemoteCertificateValidationCallback = _validator.Validate;
                    break;
                case HttpClientHandler handler when handler.ServerCertificateCustomValidationCallback is null:
                    handler.ServerCertificateCustomValidationCallback = _validator.Validate;
                    break;
            }
        });
    }
}
