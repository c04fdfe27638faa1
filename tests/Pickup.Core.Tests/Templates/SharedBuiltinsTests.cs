using Pickup.Core.Templates;
using Scriban.Runtime;

namespace Pickup.Core.Tests.Templates;

/// <summary>Scriban's built-ins are shared by every render, so no template may change them.</summary>
public sealed class SharedBuiltinsTests
{
    [Fact]
    public void Instance_EveryMemberAndNestedMember_IsReadOnly()
    {
        var builtins = SharedBuiltins.Instance;

        Assert.NotEmpty(builtins.Keys);
        Assert.All(builtins.Keys, name => Assert.False(builtins.CanWrite(name), name));
        var text = Assert.IsType<ScriptObject>(builtins["string"], exactMatch: false);
        Assert.All(text.Keys, name => Assert.False(text.CanWrite(name), "string." + name));
    }
}
