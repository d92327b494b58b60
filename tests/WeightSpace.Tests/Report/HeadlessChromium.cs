using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace WeightSpace.Tests.Report;

/// <summary>
/// Opens a page in Debian's headless Chromium. The page is checked through a copy with two scripts
/// added: one at the top of &lt;head&gt; that records every error and console.error, one at the end
/// that writes what it saw into the DOM Chromium dumps. The original page is never modified.
/// </summary>
public static partial class HeadlessChromium
{
    public const string Binary = "/usr/bin/chromium";

    /// <summary>The window width the page is checked at (CSS pixels).</summary>
    public const int WindowWidth = 1280;

    private const string Recorder = """
        <script>window.__wsErrors=[];addEventListener('error',e=>__wsErrors.push('error: '+(e.message||(e.target&&e.target.outerHTML||'').slice(0,120))),true);
        addEventListener('securitypolicyviolation',e=>__wsErrors.push('csp: '+e.violatedDirective));
        (c=>{console.error=(...a)=>{__wsErrors.push('console: '+a.join(' '));c.apply(console,a)}})(console.error);</script>
        """;

    private const string Reporter = """
        <script>addEventListener('load',()=>{const d=document.documentElement;const r={images:[...document.images].map(i=>i.complete?i.naturalWidth:0),
        tables:[...document.querySelectorAll('table[data-table]')].map(t=>t.dataset.table),errors:__wsErrors,
        overflow:Math.max(d.scrollWidth,document.body.scrollWidth)-d.clientWidth,
        verdicts:[...document.querySelectorAll('#verdict-summary tbody tr')].map(tr=>tr.innerText.replace(/\s+/g,' ').trim())};
        for(const x of document.querySelectorAll('details'))x.open=true;r.openOverflow=Math.max(d.scrollWidth,document.body.scrollWidth)-d.clientWidth;
        r.scrolling=[...document.querySelectorAll('div.wide')].filter(w=>w.scrollWidth>w.clientWidth+1).map(w=>w.firstElementChild.dataset.table||w.firstElementChild.dataset.beyond||w.firstElementChild.id);
        const p=document.createElement('pre');p.id='ws-check';p.textContent=JSON.stringify(r);document.body.appendChild(p);});</script>
        """;

    /// <summary>Fails the calling test with an install hint when Chromium is not there.</summary>
    public static void RequireInstalled() =>
        Assert.True(File.Exists(Binary),
            $"{Binary} is missing: the report page is checked in headless Chromium. Install it with `apt-get install -y chromium` " +
            "(`dotnet cake --target=Test` and .ci/run do this when it is missing).");

    public static PageCheck Check(string page)
    {
        RequireInstalled();
        var html = File.ReadAllText(page);
        var copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(page))!, $".check-{Guid.NewGuid():N}.html");
        var head = html.IndexOf("<head>", StringComparison.Ordinal);
        var end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        Assert.True(head >= 0 && end > head, $"{page} has no <head> or </body>");
        File.WriteAllText(copy, html[..(head + 6)] + Recorder + html[(head + 6)..end] + Reporter + html[end..]);
        try
        {
            // A laptop's window: the page must fit it without scrolling sideways.
            var dom = Run("--dump-dom", "--virtual-time-budget=10000", $"--window-size={WindowWidth},900", new Uri(copy).AbsoluteUri);
            var match = CheckElement().Match(dom);
            Assert.True(match.Success, $"Chromium's DOM of {page} has no check result; the page's scripts did not run to 'load'");
            using var json = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
            var root = json.RootElement;
            return new PageCheck(
                root.GetProperty("images").EnumerateArray().Select(e => e.GetInt32()).ToList(),
                root.GetProperty("tables").EnumerateArray().Select(e => e.GetString()!).ToList(),
                root.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList(),
                Math.Max(root.GetProperty("overflow").GetInt32(), root.GetProperty("openOverflow").GetInt32()),
                root.GetProperty("verdicts").EnumerateArray().Select(e => e.GetString()!).ToList(),
                root.GetProperty("scrolling").EnumerateArray().Select(e => e.GetString()!).ToList());
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>A full-page PNG for a person to review.</summary>
    public static void Screenshot(string page, string png, int width = 1400, int height = 3000)
    {
        RequireInstalled();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
        Run($"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(Path.GetFullPath(page)).AbsoluteUri);
        Assert.True(File.Exists(png), $"Chromium wrote no screenshot to {png}");
    }

    private static string Run(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("ws-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Binary)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // As root (CI) Chromium refuses to start without --no-sandbox; a private profile keeps runs independent.
            foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", $"--user-data-dir={profile}", .. arguments])
                info.ArgumentList.Add(a);
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("headless Chromium did not finish within 90 s");
            }
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [GeneratedRegex("<pre id=\"ws-check\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex CheckElement();
}
