using System.Net;
using System.Text.RegularExpressions;

namespace Pickup.Bench;

/// <summary>
/// Reads a login page's form the way a browser submits it: its action and its hidden fields (sessionDataKey and the
/// anti-forgery token). A regular expression instead of an HTML parser keeps the driver's own CPU low; the engine's
/// templates write each input on one line with <c>type</c>, <c>name</c> and <c>value</c> in that order.
/// </summary>
internal static partial class LoginPage
{
    public static (string Action, List<KeyValuePair<string, string>> Fields) ReadForm(string html)
    {
        var action = FormAction().Match(html);
        if (!action.Success)
        {
            throw new BenchStepException("no form on the page");
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in HiddenInput().Matches(html))
        {
            fields.Add(KeyValuePair.Create(WebUtility.HtmlDecode(input.Groups["name"].Value), WebUtility.HtmlDecode(input.Groups["value"].Value)));
        }

        if (!fields.Exists(f => f.Key == "sessionDataKey"))
        {
            throw new BenchStepException("no sessionDataKey on the page");
        }

        return (WebUtility.HtmlDecode(action.Groups["action"].Value), fields);
    }

    [GeneratedRegex("<form[^>]*\\saction=\"(?<action>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex FormAction();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenInput();
}
