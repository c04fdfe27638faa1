using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Pickup.Testing;

/// <summary>Totals over what a <see cref="MetricCollector{T}"/> collected from a counter.</summary>
public static class MetricSums
{
    /// <summary>
    /// The sum of the collected measurements; when <paramref name="tag"/> is given, only of those carrying it with
    /// <paramref name="value"/>.
    /// </summary>
    public static long Sum(this MetricCollector<long> collector, string? tag = null, object? value = null)
    {
        ArgumentNullException.ThrowIfNull(collector);
        return collector.GetMeasurementSnapshot()
            .Where(m => tag is null || m.ContainsTags(new KeyValuePair<string, object?>(tag, value)))
            .Sum(m => m.Value);
    }
}
