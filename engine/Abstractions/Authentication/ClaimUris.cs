namespace Pickup.Abstractions.Authentication;

/// <summary>Local claim URIs (WSO2-compatible) that the engine and plugins agree on.</summary>
public static class ClaimUris
{
    /// <summary>The e-mail address.</summary>
    public const string Email = "http://wso2.org/claims/emailaddress";

    /// <summary>The given name.</summary>
    public const string GivenName = "http://wso2.org/claims/givenname";

    /// <summary>The family name.</summary>
    public const string LastName = "http://wso2.org/claims/lastname";

    /// <summary>The login name.</summary>
    public const string Username = "http://wso2.org/claims/username";
}
