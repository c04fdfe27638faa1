using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Scriban.Runtime;

namespace Pickup.Core.Templates;

/// <summary>
/// Copies a page model's public properties into a template's variables under their snake_case names
/// (<c>ErrorKey</c> → <c>error_key</c>), as Scriban's <c>ScriptObject.Import(object)</c>
/// would, but with the reading of each property compiled once per model type.
/// </summary>
/// <remarks>
/// Scriban reads an imported object through reflection on every render, and the runtime's reflection caches are
/// dropped by garbage collections: under load every render would compile new invocation stubs, keeping the JIT busy.
/// Nested
/// objects and lists are passed through unchanged; Scriban reads those itself.
/// </remarks>
internal static class ModelVariables
{
    private static readonly ConcurrentDictionary<Type, Accessor[]> Accessors = new();

    public static void Import(ScriptObject variables, object model)
    {
        foreach (var accessor in Accessors.GetOrAdd(model.GetType(), Build))
        {
            variables.SetValue(accessor.Name, accessor.Read(model), readOnly: true);
        }
    }

    private static Accessor[] Build(Type type)
    {
        var accessors = new List<Accessor>();
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var model = Expression.Parameter(typeof(object), "model");
            var read = Expression.Lambda<Func<object, object?>>(
                Expression.Convert(Expression.Property(Expression.Convert(model, type), property), typeof(object)),
                model).Compile();
            accessors.Add(new Accessor(StandardMemberRenamer.Default(property), read));
        }

        return [.. accessors];
    }

    private sealed record Accessor(string Name, Func<object, object?> Read);
}
