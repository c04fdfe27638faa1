using System.Collections;
using System.Reflection;
using Pickup.Abstractions.Configuration;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Pickup.Core.Templates;

/// <summary>
/// Checks every variable a parsed template reads against the page model declared for it, so a misspelt variable is a
/// start-up error with file, line and column rather than a failed render (the renderer runs with strict variables).
/// </summary>
/// <remarks>
/// A variable is known when it is a property of the model (snake_case), one of <see cref="PageGlobals"/>, one of the
/// renderer's own (<c>lang</c>, <c>t</c>, <c>raw</c>), a Scriban built-in, or assigned by the template itself
/// (<c>x = ...</c>, a <c>for</c> loop's variable, <c>capture</c>). A member (<c>option.display_name</c>) is checked
/// when the type of what it is read from is known: a model property of a plain class type, or a loop variable over a
/// list of one. Dictionaries, <see cref="object"/> and the members of lists and strings are left to Scriban.
/// </remarks>
internal static class PageVariables
{
    private static readonly HashSet<string> RendererNames = new(StringComparer.Ordinal) { "lang", TranslateFunction.Name, "raw", "this", "empty", "for", "while" };

    /// <summary>Adds to <paramref name="errors"/> every variable or member of <paramref name="parsed"/> that <paramref name="page"/>'s model lacks.</summary>
    public static void Check(Template parsed, DeclaredPage page, List<ConfigurationError> errors)
    {
        if (typeof(IDictionary).IsAssignableFrom(page.ModelType) || IsGenericDictionary(page.ModelType))
        {
            return;
        }

        var model = MembersOf(page.ModelType, includeFields: false);
        var known = new Dictionary<string, Type?>(StringComparer.Ordinal);
        foreach (var (name, type) in model)
        {
            known[name] = type;
        }

        var assigned = new Dictionary<string, Type?>(StringComparer.Ordinal);
        CollectAssigned(parsed.Page, known, assigned);
        var file = parsed.SourceFilePath ?? "template";
        var walker = new Walker(page, file, known, assigned, errors);
        walker.Visit(parsed.Page);
    }

    // Assignments and loop variables anywhere in the template: Scriban's globals are not block-scoped.
    private static void CollectAssigned(ScriptNode? node, Dictionary<string, Type?> known, Dictionary<string, Type?> assigned)
    {
        if (node is null)
        {
            return;
        }

        switch (node)
        {
            case ScriptAssignExpression { Target: ScriptVariable target }:
                assigned.TryAdd(target.Name, null);
                break;
            case ScriptForStatement { Variable: ScriptVariable loop } forStatement:
                var element = forStatement.Iterator is ScriptVariable { Name: var list } && known.TryGetValue(list, out var listType) && listType is not null
                    ? ElementTypeOf(listType)
                    : null;
                assigned[loop.Name] = element;
                break;
            case ScriptCaptureStatement { Target: ScriptVariable captured }:
                assigned.TryAdd(captured.Name, typeof(string));
                break;
        }

        foreach (var child in node.Children)
        {
            CollectAssigned(child, known, assigned);
        }
    }

    private static List<(string Name, Type Type)> MembersOf(Type type, bool includeFields)
    {
        var members = new List<(string, Type)>();
        foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public))
        {
            if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            {
                members.Add((StandardMemberRenamer.Default(property), property.PropertyType));
            }
        }

        if (includeFields)
        {
            members.AddRange(type.GetFields(BindingFlags.Instance | BindingFlags.Public).Select(f => (StandardMemberRenamer.Default(f), f.FieldType)));
        }

        return members;
    }

    // A plain class or record whose members Scriban reads by reflection; anything else is not checked.
    private static bool HasCheckableMembers(Type type) =>
        !type.IsValueType
        && type != typeof(string)
        && type != typeof(object)
        && !typeof(IEnumerable).IsAssignableFrom(type)
        && !typeof(IScriptObject).IsAssignableFrom(type);

    private static bool IsGenericDictionary(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    private static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private sealed class Walker(
        DeclaredPage page,
        string file,
        Dictionary<string, Type?> model,
        Dictionary<string, Type?> assigned,
        List<ConfigurationError> errors)
    {
        public void Visit(ScriptNode? node)
        {
            switch (node)
            {
                case null:
                    return;
                case ScriptMemberExpression member:
                    Visit(member.Target);
                    CheckMember(member);
                    return;
                case ScriptVariable { Scope: ScriptVariableScope.Global } variable:
                    CheckVariable(variable);
                    return;
            }

            foreach (var child in node.Children)
            {
                Visit(child);
            }
        }

        private void CheckVariable(ScriptVariable variable)
        {
            var name = variable.Name;
            if (model.ContainsKey(name) || assigned.ContainsKey(name) || RendererNames.Contains(name)
                || PageGlobals.Names.Contains(name) || SharedBuiltins.Instance.ContainsKey(name))
            {
                return;
            }

            var has = model.Count == 0 ? "no variables" : string.Join(", ", model.Keys.Order(StringComparer.Ordinal));
            errors.Add(new ConfigurationError(
                At(variable),
                $"'{name}' is not a variable of the page '{page.Template}': its model {page.ModelType.Name} (declared by {page.DeclaredBy}) has {has}; every page also has {string.Join(", ", PageGlobals.Names)}, lang, t and raw"));
        }

        private void CheckMember(ScriptMemberExpression member)
        {
            if (member.Member is not { } name || TypeOf(member.Target) is not { } type || !HasCheckableMembers(type))
            {
                return;
            }

            var members = MembersOf(type, includeFields: true);
            if (members.Any(m => m.Name == name.Name))
            {
                return;
            }

            errors.Add(new ConfigurationError(
                At(name),
                $"'{name.Name}' is not a member of {type.Name} in the page '{page.Template}' (declared by {page.DeclaredBy}); it has {string.Join(", ", members.Select(m => m.Name).Order(StringComparer.Ordinal))}"));
        }

        private Type? TypeOf(ScriptExpression? expression) => expression switch
        {
            ScriptVariable { Scope: ScriptVariableScope.Global, Name: var name } =>
                model.TryGetValue(name, out var type) ? type : assigned.GetValueOrDefault(name),
            ScriptMemberExpression { Member: { } member } inner when TypeOf(inner.Target) is { } target && HasCheckableMembers(target) =>
                MembersOf(target, includeFields: true).FirstOrDefault(m => m.Name == member.Name).Type,
            _ => null,
        };

        private SourceLocation At(ScriptNode node) => new(file, node.Span.Start.Line + 1, node.Span.Start.Column + 1);
    }
}
