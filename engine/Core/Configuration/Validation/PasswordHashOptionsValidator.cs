using FluentValidation;

namespace Pickup.Core.Configuration.Validation;

/// <summary>Validates <c>[security.password_hash]</c>.</summary>
public sealed class PasswordHashOptionsValidator : AbstractValidator<PasswordHashOptions>
{
    /// <summary>The least memory cost accepted (8 MiB); less makes Argon2id cheap to brute-force.</summary>
    public const int MinMemoryKib = 8192;

    /// <summary>The least memory cost libsodium runs (8 KiB), accepted only with <c>insecure_benchmark_only = true</c>.</summary>
    public const int BenchmarkMinMemoryKib = 8;

    /// <summary>The most memory cost accepted (4 GiB).</summary>
    public const int MaxMemoryKib = 4194304;

    /// <summary>Creates the rules.</summary>
    public PasswordHashOptionsValidator()
    {
        RuleFor(o => o.Algorithm)
            .Equal("argon2id")
            .WithMessage(o => $"'algorithm' in [security.password_hash] must be \"argon2id\", not \"{o.Algorithm}\"");

        RuleFor(o => o.MemoryKib)
            .Must((o, memory) => memory >= LeastMemoryKib(o) && memory <= MaxMemoryKib)
            .WithMessage(o => $"'memory_kib' in [security.password_hash] must be between {LeastMemoryKib(o)} and {MaxMemoryKib}, not {o.MemoryKib}");

        RuleFor(o => o.Iterations)
            .InclusiveBetween(1, 10)
            .WithMessage(o => $"'iterations' in [security.password_hash] must be between 1 and 10, not {o.Iterations}");

        RuleFor(o => o.Parallelism)
            .Equal(1)
            .WithMessage(o => $"'parallelism' in [security.password_hash] must be 1, not {o.Parallelism}: libsodium's Argon2id, which hashes the passwords, supports only one lane");
    }

    private static int LeastMemoryKib(PasswordHashOptions options) =>
        options.InsecureBenchmarkOnly ? BenchmarkMinMemoryKib : MinMemoryKib;
}
