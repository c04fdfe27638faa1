namespace Pickup.Bench;

/// <summary>The hard cap on logins shared by all drivers, so a run ends even if the clock were never checked.</summary>
internal sealed class LoginBudget(int total)
{
    private int _taken;

    public bool TryTake() => Interlocked.Increment(ref _taken) <= total;
}
