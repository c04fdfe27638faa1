namespace Pickup.Bench;

/// <summary>The timed parts of one login, in order; <see cref="Login"/> is the whole of it.</summary>
internal enum Step
{
    /// <summary>GET /oauth2/authorize (PKCE S256) and the engine's redirects up to the login page.</summary>
    Authorize,

    /// <summary>POST /commonauth with username and password, up to the code page (the SMS is sent in here).</summary>
    Password,

    /// <summary>Reading the code from the fake Vonage (in the driver's process; not engine work).</summary>
    SmsCode,

    /// <summary>POST /commonauth with the code and the engine's redirects up to the callback's Location.</summary>
    Otp,

    /// <summary>POST /oauth2/token, authorization_code with client_secret_basic.</summary>
    Token,

    /// <summary>The whole login, first request to tokens.</summary>
    Login,
}
