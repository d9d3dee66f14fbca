using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IpExchange.Web.Tests;

/// <summary>Accessibility basics on each role's pages: a skip link first, every control labelled, visible focus, text contrast of 4.5:1.</summary>
[Collection("web")]
public sealed class AccessibilityTests(WebSystem system)
{
    /// <summary>
    /// Controls without an accessible name, and text whose contrast with its background is under
    /// 4.5:1 (3:1 for large text); disabled controls and the charts' SVG are left out.
    /// </summary>
    private const string Audit = """
        () => {
          const problems = [];
          // A button's name is its text content: innerText is empty for one inside a closed <details>
          // (a review card's 驳回 form), which a screen reader still names by its text.
          for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
            if (!el.offsetParent && el.type !== 'checkbox') continue;
            const named = el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title || (el.tagName === 'BUTTON' && el.textContent.trim());
            if (!named) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name || el.className}`);
          }
          const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map((x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; })
            .reduce((s, x, i) => s + x * [0.2126, 0.7152, 0.0722][i], 0);
          const background = (el) => {
            for (let e = el; e; e = e.parentElement) {
              const c = rgb(getComputedStyle(e).backgroundColor);
              if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
            }
            return [255, 255, 255];
          };
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const seen = new Set();
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el || seen.has(el) || el.closest('svg, [disabled], .skip-link, dialog:not([open])') || !el.offsetParent) continue;
            seen.add(el);
            const style = getComputedStyle(el);
            if (Number(style.opacity) < 1) continue;
            const fg = rgb(style.color).slice(0, 3);
            const l1 = lum(fg), l2 = lum(background(el));
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            const size = parseFloat(style.fontSize);
            const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
            if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 30)}" (${style.color})`);
          }
          return [...new Set(problems)];
        }
        """;

    [Theory]
    [InlineData("lj-tool", new[] { "/desk", "/market", "/auctions", "/demands", "/offers", "/agreements" })]
    [InlineData("swrtu", new[] { "/patents", "/listings/new", "/listings/mine" })]
    [InlineData("exchange", new[] { "/review", "/members", "/alerts", "/audit", "/auctions?status=Closed", "/cockpit" })]
    public async Task Pages_have_a_skip_link_labelled_controls_visible_focus_and_readable_contrast(string user, string[] paths)
    {
        var page = await system.SignIn(user);
        var problems = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
            await page.WaitForFunctionAsync("() => window.ipxPending === 0");
            problems.AddRange((await page.EvaluateAsync<string[]>(Audit)).Select(p => $"{path}: {p}"));
        }

        Assert.True(problems.Count == 0, "Accessibility problems:\n" + string.Join("\n", problems));

        // The first Tab reaches the skip link, shown with a focus ring; Enter moves into the main content.
        await page.GotoAsync(paths[0]);
        await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("[data-test=skip-link]");
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToHaveTextAsync("跳到主要内容");
        await Expect(skip).ToBeInViewportAsync();
        Assert.NotEqual("none", await skip.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await system.Screenshot(page, $"a11y-skip-link-{user}");
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"), "Enter on the skip link moves the focus into the main content.");

        // Moving to another page through the menu puts the focus on its title.
        await page.Locator($"#nav a:not([href='{paths[0]}'])").First.ClickAsync();
        await Expect(page.Locator("main h1").First).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
