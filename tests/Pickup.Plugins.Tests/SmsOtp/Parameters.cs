using Pickup.Abstractions.Configuration;

namespace Pickup.Plugins.Tests.SmsOtp;

/// <summary>Builds a <see cref="PluginParameters"/> table the way the engine would from TOML.</summary>
internal static class Parameters
{
    public const string File = "conf/deployment.toml";

    public static PluginParameters Of(params (string Key, object Value)[] values)
    {
        var line = 10;
        return new PluginParameters(
            values.ToDictionary(v => v.Key, v => new ParameterValue { Value = v.Value, Location = new SourceLocation(File, ++line, 1) }),
            new SourceLocation(File, 10, 1));
    }
}
