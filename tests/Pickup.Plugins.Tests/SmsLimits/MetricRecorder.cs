using System.Diagnostics.Metrics;

namespace Pickup.Plugins.Tests.SmsLimits;

/// <summary>
/// Collects the counter measurements of one meter created by one <see cref="IMeterFactory"/>. Tests run in
/// parallel and every one creates meters of the same name: the factory (the meter's scope) tells ours apart.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

    public MetricRecorder(IMeterFactory factory, string meterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Meter.Name == meterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_gate)
            {
                _measurements.Add((instrument.Name, value, tags.ToArray()));
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements, only those carrying the tag when one is given.</summary>
    public long Sum(string instrument, string? tag = null, string? tagValue = null)
    {
        lock (_gate)
        {
            return _measurements
                .Where(m => m.Instrument == instrument)
                .Where(m => tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, tagValue)))
                .Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();
}
