using System.Diagnostics;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Pickup.Bench;

/// <summary>
/// The password hash alone, on every core: NSec's Argon2id with the engine's cost, one thread per processor. No
/// login verifies one password faster than this, so it is the floor logins/s is compared with.
/// </summary>
internal static class HashFloor
{
    public static double HashesPerSecond(int memoryKib, int iterations, TimeSpan duration)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memoryKib,
            NumberOfPasses = iterations,
        });
        var password = "bench-password-000"u8.ToArray();
        long total = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            var salt = new byte[16];
            long count = 0;
            while (clock.Elapsed < duration)
            {
                RandomNumberGenerator.Fill(salt);
                algorithm.DeriveBytes(password, salt, 32);
                count++;
            }

            Interlocked.Add(ref total, count);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return total / clock.Elapsed.TotalSeconds;
    }
}
