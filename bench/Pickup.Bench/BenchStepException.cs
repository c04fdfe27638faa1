namespace Pickup.Bench;

/// <summary>A login step got an answer a browser or app would not have expected; the login counts as an error.</summary>
internal sealed class BenchStepException : Exception
{
    public BenchStepException()
    {
    }

    public BenchStepException(string message)
        : base(message)
    {
    }

    public BenchStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
