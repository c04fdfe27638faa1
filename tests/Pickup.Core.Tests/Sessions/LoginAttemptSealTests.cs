using Pickup.Core.Security;
using Pickup.Core.Sessions;

namespace Pickup.Core.Tests.Sessions;

public sealed class LoginAttemptSealTests
{
    private const string Key = "b2Fc1x8Qm2rJZk3W";
    private const string Json = """{"SessionDataKey":"b2Fc1x8Qm2rJZk3W","UserId":"42","CompletedAuthenticators":["basic"]}""";

    private readonly LoginAttemptSeal _seal = new(ServerSecrets.CreateEphemeral());

    [Fact]
    public void Open_WhatItSealed_GivesTheJsonBack()
    {
        Assert.True(_seal.TryOpen(Key, _seal.Seal(Key, Json), out var json));
        Assert.Equal(Json, json);
    }

    [Theory]
    [InlineData("\"UserId\":\"42\"", "\"UserId\":\"43\"")]
    [InlineData("[\"basic\"]", "[\"basic\",\"sms_otp\"]")]
    public void Open_ChangedJson_IsRefused(string from, string to)
    {
        var stored = _seal.Seal(Key, Json).Replace(from, to, StringComparison.Ordinal);

        Assert.False(_seal.TryOpen(Key, stored, out var json));
        Assert.Empty(json);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"UserId\":\"42\"}")]
    [InlineData("not-base64.{}")]
    [InlineData(".{}")]
    public void Open_UnsealedOrMalformed_IsRefused(string stored) =>
        Assert.False(_seal.TryOpen(Key, stored, out _));

    [Fact]
    public void Open_UnderAnotherKeyOrWithAnotherSecret_IsRefused()
    {
        var stored = _seal.Seal(Key, Json);

        Assert.False(_seal.TryOpen("another-session-key", stored, out _));
        Assert.False(new LoginAttemptSeal(ServerSecrets.CreateEphemeral()).TryOpen(Key, stored, out _));
    }
}
