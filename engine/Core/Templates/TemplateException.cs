namespace Pickup.Core.Templates;

/// <summary>A page template could not be parsed or rendered. The message names the file and line.</summary>
public sealed class TemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TemplateException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the Scriban error behind it.</summary>
    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
