using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[server]</c>.</summary>
public sealed class ServerOptionsValidator : AbstractValidator<ServerOptions>
{
    /// <summary>Creates the rules.</summary>
    public ServerOptionsValidator()
    {
        RuleFor(o => o.Scheme)
            .Must(s => s is "http" or "https")
            .WithMessage(o => $"'scheme' in [server] must be \"http\" or \"https\", not \"{o.Scheme}\"");

        RuleFor(o => o.Port)
            .InclusiveBetween(1, 65535)
            .WithMessage(o => $"'port' in [server] must be between 1 and 65535, not {o.Port}");

        RuleFor(o => o.Hostname)
            .Must(h => !string.IsNullOrEmpty(h) && Uri.CheckHostName(h) != UriHostNameType.Unknown)
            .WithMessage(o => $"'hostname' in [server] must be a host name or IP address (no scheme, port or path), not \"{o.Hostname}\"");

        RuleFor(o => o.Bind)
            .Cascade(CascadeMode.Stop)
            .Must(NetworkRules.IsBindAddress)
            .WithMessage(o => $"'bind' in [server] must be an IP address or \"localhost\", not \"{o.Bind}\"")
            .Must(NetworkRules.IsLoopback)
            .When(o => o.Scheme == "http", ApplyConditionTo.CurrentValidator)
            .WithMessage(o => $"plain http is refused when 'bind' in [server] is not a loopback address (127.0.0.0/8, ::1 or localhost), and \"{o.Bind}\" is not: set scheme = \"https\" or bind to 127.0.0.1");

        RuleFor(o => o.Certificate)
            .Must((o, c) => string.IsNullOrEmpty(c) == string.IsNullOrEmpty(o.CertificateKey))
            .WithMessage("'certificate' and 'certificate_key' in [server] go together: set both or neither");

        RuleFor(o => o.Certificate)
            .Must((o, _) => o.Scheme == "https")
            .When(o => !string.IsNullOrEmpty(o.Certificate))
            .WithMessage("'certificate' in [server] needs scheme = \"https\"");

        // Without a certificate the engine listens on plain http: https must then end at a proxy the admin names, or
        // the Secure cookies and https issuer would be a promise nothing keeps.
        RuleFor(o => o.Scheme)
            .Must((o, _) => o.TrustedProxies.Count > 0)
            .When(o => o.Scheme == "https" && string.IsNullOrEmpty(o.Certificate))
            .WithMessage("scheme = \"https\" in [server] needs either 'certificate' and 'certificate_key' (the engine serves TLS itself) "
                + "or 'trusted_proxies' naming the proxy that ends TLS in front of it (e.g. trusted_proxies = [\"10.0.0.5\"])");

        RuleForEach(o => o.TrustedProxies)
            .Must(p => System.Net.IPNetwork.TryParse(p, out _) || System.Net.IPAddress.TryParse(p, out _))
            .WithMessage((_, p) => $"'trusted_proxies' in [server] must list IP addresses or networks like \"10.0.0.0/8\", not \"{p}\"");

        RuleFor(o => o.ManagementPort)
            .Cascade(CascadeMode.Stop)
            .InclusiveBetween(0, 65535)
            .WithMessage(o => $"'management_port' in [server] must be between 1 and 65535 (or left out for no management listener), not {o.ManagementPort}")
            .NotEqual(o => o.Port)
            .When(o => o.ManagementPort != 0, ApplyConditionTo.CurrentValidator)
            .WithMessage(o => $"'management_port' in [server] must differ from 'port' ({o.Port}): metrics are never served on the login port");

        RuleFor(o => o.ManagementBind)
            .Must(NetworkRules.IsBindAddress)
            .WithMessage(o => $"'management_bind' in [server] must be an IP address or \"localhost\", not \"{o.ManagementBind}\"");

        RuleFor(o => o.PublicUrl)
            .Must(u => NetworkRules.IsHttpUrl(u) && !u!.Contains('?', StringComparison.Ordinal) && !u.Contains('#', StringComparison.Ordinal))
            .When(o => !string.IsNullOrEmpty(o.PublicUrl))
            .WithMessage(o => $"'public_url' in [server] must be an absolute http or https URL without query or fragment, not \"{o.PublicUrl}\"");
    }
}
