using Microsoft.Playwright;

namespace Pickup.IntegrationTests.Infrastructure;

/// <summary>Debian's Chromium, headless, driven by Playwright (which must never download a browser of its own).</summary>
internal sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>How long a page may take to reach the URL a test expects.</summary>
    public static TimeSpan NavigationTimeout { get; } = TimeSpan.FromSeconds(15);

    /// <summary>Where screenshots go: beside the test results, so CI keeps them as artifacts.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(TestInstallation.RepositoryRoot, "artifacts", "test-results", "screenshots");

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Args,
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh browser profile on a small phone's screen (360 px wide), English unless told otherwise.</summary>
    public async Task<IPage> NewPhonePageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            Locale = locale,
            IsMobile = true,
            HasTouch = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>
    /// Waits until the page's URL satisfies <paramref name="predicate"/> and its new document has a body; on time-out
    /// says where the page is instead. It polls the page's URL rather than waiting for navigation events: on a busy CI
    /// machine Playwright's <c>WaitForURLAsync</c> has timed out twice while the page was already at a matching URL
    /// and fully drawn. The locators that follow wait for the elements they need.
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> predicate, string expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!predicate(page.Url))
        {
            if (clock.Elapsed > NavigationTimeout)
            {
                Assert.Fail($"expected {expected}, but the page is at {page.Url}:\n{await page.Locator("body").InnerTextAsync()}");
            }

            await Task.Delay(25);
        }

        await page.Locator("body").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
