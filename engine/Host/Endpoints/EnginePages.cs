using Pickup.Core.Flow;
using Pickup.Core.Templates;
using Pickup.Host.Http;

namespace Pickup.Host.Endpoints;

/// <summary>The engine's own pages and their models, checked at start-up like a plugin's.</summary>
internal static class EnginePages
{
    public static IReadOnlyList<DeclaredPage> Declared { get; } =
    [
        new(FlowOutcome.ErrorTemplate, typeof(ErrorPageModel), "the engine"),
        new(FlowOutcome.MultiOptionTemplate, typeof(MultiOptionModel), "the engine"),
    ];
}
