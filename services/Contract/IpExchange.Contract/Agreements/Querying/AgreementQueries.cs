using System.Globalization;
using System.Net;
using System.Text;
using IpExchange.Contract.Agreements.Drafting;
using IpExchange.Contracts;
using IpExchange.EventStore;
using Marten;
using Marten.Pagination;

namespace IpExchange.Contract.Agreements.Querying;

public sealed record AgreementSummary(string Id, string DealId, string ListingId, string ListingTitle, AgreementStatus Status, DealKind DealKind, decimal Price,
    string SellerOrganisationId, string SellerName, string BuyerOrganisationId, string BuyerName, int Revision, string ContentHash,
    IReadOnlyList<string> SignedBy, DateTimeOffset SigningDeadline, string? RecordNumber, DateTimeOffset DraftedAt, DateTimeOffset UpdatedAt)
{
    public static AgreementSummary From(AgreementListEntry e) => new(e.AgreementId, e.DealId, e.ListingId, e.ListingTitle, e.Status, e.DealKind, e.Price,
        e.SellerOrganisationId, e.SellerName, e.BuyerOrganisationId, e.BuyerName, e.Revision, e.ContentHash, e.SignedBy, e.SigningDeadline, e.RecordNumber,
        e.DraftedAt, e.UpdatedAt);
}

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total);

public sealed record EvidenceEntry(long Version, long Sequence, string Event, object Data, string? UserId, string? OrganisationId, DateTimeOffset At, string Hash);

/// <summary>存证: the agreement's whole record, in order, with who and when, and whether its hash chain is intact.</summary>
public sealed record AgreementEvidence(string AgreementId, IReadOnlyList<EvidenceEntry> Events, ChainVerification Verification);

public static class AgreementQueries
{
    private static readonly string[] Languages = ["zh", "en"];

    private static readonly string[] Statuses = Enum.GetNames<AgreementStatus>().Where(s => s != nameof(AgreementStatus.None)).ToArray();

    public static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/", List).Produces<Page<AgreementSummary>>().WithSummary("Agreements: the caller's organisation's (parties), or all (exchange); status, page, pageSize");

        agreements.MapGet("/{id}", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var agreement = await Readable(id, http, store);
            http.Response.SetVersionETag(agreement.Version);
            return Results.Ok(AgreementView.From(agreement.State, agreement.Version));
        }).Produces<AgreementView>().WithSummary("An agreement: terms, milestones, signatures, amendments, recording, registration");

        agreements.MapGet("/{id}/text", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var agreement = await Readable(id, http, store);
            http.Response.Headers.ETag = $"\"{agreement.State.ContentHash}\"";
            return Results.Bytes(Encoding.UTF8.GetBytes(agreement.State.Text!), "text/plain; charset=utf-8");
        }).Produces<string>(StatusCodes.Status200OK, "text/plain").WithSummary("The binding Chinese text, byte for byte: its SHA-256 is the content hash the parties sign");

        agreements.MapGet("/{id}/document", async (string id, string? lang, HttpContext http, EventStore.EventStore store) =>
        {
            if (lang is not (null or "zh" or "en"))
            {
                throw new ValidationFailedException("lang", new FieldProblem(FieldCodes.NotAllowedValue,
                    "lang is 'zh' (the binding Chinese text) or 'en' (an English reference translation, a separate document that binds no one).",
                    new Dictionary<string, object?> { ["allowed"] = Languages }));
            }

            var agreement = await Readable(id, http, store);
            var tag = string.Create(CultureInfo.InvariantCulture, $"\"{agreement.Version}-{lang ?? "zh"}\"");
            http.Response.Headers.ETag = tag;
            if (http.Request.Headers.IfNoneMatch.Contains(tag))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            http.Response.Headers.ContentDisposition = lang == "en" ? $"inline; filename=\"{id}-en.html\"" : $"inline; filename=\"{id}.html\"";
            return Results.Content(lang == "en" ? EnglishDocument(agreement.State) : Document(agreement.State), "text/html; charset=utf-8", Encoding.UTF8);
        }).Produces<string>(StatusCodes.Status200OK, "text/html").WithSummary("The agreement as a printable document (HTML, UTF-8): lang=zh the binding Chinese text with its hash, signatures and recording; lang=en a separate English reference translation");

        agreements.MapGet("/{id}/evidence", async (string id, HttpContext http, EventStore.EventStore store) =>
        {
            var streamId = Agreement.StreamId(id);
            await Readable(id, http, store);
            var events = await store.ReadStream(streamId, http.RequestAborted);
            var verification = await store.VerifyStream(streamId, http.RequestAborted);
            return Results.Ok(new AgreementEvidence(id,
                events.Select(e => new EvidenceEntry(e.Version, e.Sequence, e.EventType, e.Data, e.Metadata.UserId, e.Metadata.OrganisationId, e.Timestamp, e.Hash)).ToList(),
                verification));
        }).Produces<AgreementEvidence>().WithSummary("Every event of the agreement with who and when, and the hash chain's verification (存证)");
    }

    private static async Task<Aggregate<Agreement>> Readable(string id, HttpContext http, EventStore.EventStore store)
    {
        var agreement = await store.Load<Agreement>(Agreement.StreamId(id), http.RequestAborted);
        AgreementAccess.RequireReadable(agreement.State, http.Caller(), id);
        return agreement;
    }

    private static async Task<IResult> List(HttpContext http, EventStore.EventStore store, string? status, int? page, int? pageSize)
    {
        var caller = http.Caller();
        var errors = new FieldErrors();
        errors.Range("page", page, 1, 100_000, required: false);
        errors.Range("pageSize", pageSize, 1, 100, required: false);
        errors.Check(status is null || Statuses.Contains(status), "status", FieldCodes.NotAllowedValue, $"The status is one of {string.Join(", ", Statuses)}.", ("allowed", Statuses.ToArray()));
        errors.ThrowIfAny();
        var (p, size) = (page ?? 1, pageSize ?? 20);

        await using var query = store.Marten.QuerySession();
        var entries = query.Query<AgreementListEntry>().AsQueryable();
        if (!caller.IsExchange)
        {
            entries = entries.Where(a => a.SellerOrganisationId == caller.OrganisationId || a.BuyerOrganisationId == caller.OrganisationId);
        }

        if (status is not null)
        {
            var wanted = Enum.Parse<AgreementStatus>(status);
            entries = entries.Where(a => a.Status == wanted);
        }

        var found = await entries.OrderByDescending(a => a.UpdatedAt).ThenBy(a => a.Id).ToPagedListAsync(p, size, http.RequestAborted);
        return Results.Ok(new Page<AgreementSummary>(found.Select(AgreementSummary.From).ToList(), p, size, found.TotalItemCount));
    }

    /// <summary>A page a person prints and files: the binding text, its hash, the signatures, the recording and the steps, in Chinese only.</summary>
    internal static string Document(Agreement a)
    {
        var d = a.Draft!;
        var html = new StringBuilder();
        void Line(string s) => html.Append(s).Append('\n');
        string E(string s) => WebUtility.HtmlEncode(s);
        string At(DateTimeOffset t) => t.ToOffset(AgreementPlan.ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " 北京时间";

        Line("<!DOCTYPE html>");
        Line("<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
        Line($"<title>{E(AgreementText.Title(d.DealKind))} {E(d.AgreementId)}</title>");
        Line(Style);
        Line($"<pre lang=\"zh-CN\">{E(a.Text!)}</pre>");
        Line("<hr>");
        Line("<p>以下为签署与登记记录，不属于合同正文。</p>");
        Line($"<p>内容哈希（SHA-256，合同中文文本的 UTF-8 字节）：<span class=\"hash\">{E(a.ContentHash!)}</span></p>");
        Line($"<p>状态：{E(StatusZh(a.Status))}；版本：第{a.Revision.ToString(CultureInfo.InvariantCulture)}版</p>");
        Line("<table><tr><th>签署方</th><th>签署人</th><th>签署时间</th><th>所签哈希</th></tr>");
        foreach (var s in a.Signatures.Values.OrderBy(s => s.SignedAt))
        {
            Line($"<tr><td>{E(s.OrganisationName)}</td><td>{E(s.UserName)}</td><td>{At(s.SignedAt)}</td><td class=\"hash\">{E(s.ContentHash)}</td></tr>");
        }

        Line("</table>");
        if (a.RecordNumber is not null)
        {
            Line($"<p>交易中心登记号：{E(a.RecordNumber)}，{At(a.RecordedAt!.Value)}</p>");
        }

        if (a.Licence is { } licence)
        {
            Line($"<p>许可期限：{AgreementText.DateZh(licence.StartsOn)}至{AgreementText.DateZh(licence.EndsOn)}</p>");
        }

        foreach (var step in AgreementPlan.Steps(d.DealKind))
        {
            if (a.Steps.TryGetValue(step, out var s))
            {
                Line($"<p>{E(AgreementPlan.StepName(step))}：{E(s.DocumentNumber)}，{AgreementText.DateZh(s.DocumentDate)}</p>");
            }
        }

        if (a.Status == AgreementStatus.Cancelled)
        {
            Line($"<p><strong>已取消</strong>：{E(a.CancellationReason ?? "")}</p>");
        }

        Line("</body></html>");
        return html.ToString();
    }

    /// <summary>The English reference translation, a document of its own: it says it binds no one and carries no signature.</summary>
    internal static string EnglishDocument(Agreement a)
    {
        var d = a.Draft!;
        var html = new StringBuilder();
        void Line(string s) => html.Append(s).Append('\n');
        string E(string s) => WebUtility.HtmlEncode(s);
        Line("<!DOCTYPE html>");
        Line("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        Line($"<title>{E(AgreementText.Title(d.DealKind, english: true))} {E(d.AgreementId)} (reference translation)</title>");
        Line(Style);
        Line($"<pre lang=\"en\">{E(AgreementText.English(d, a.TextTerms!, a.Revision))}</pre>");
        Line($"<p>Translates the Chinese text of revision {a.Revision.ToString(CultureInfo.InvariantCulture)}, content hash <span class=\"hash\">{E(a.ContentHash!)}</span>.</p>");
        Line("</body></html>");
        return html.ToString();
    }

    private const string Style = "<style>body{font-family:\"Noto Serif CJK SC\",\"SimSun\",serif;max-width:48em;margin:2em auto;line-height:1.7}pre{white-space:pre-wrap;font-family:inherit}"
        + ".hash{font-family:monospace;word-break:break-all}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em}"
        + "@media print{.noprint{display:none}}</style></head><body>";

    private static string StatusZh(AgreementStatus status) => status switch
    {
        AgreementStatus.AwaitingSignatures => "待签署",
        AgreementStatus.SignedByBoth => "双方已签署，待登记",
        AgreementStatus.Effective => "已登记生效",
        AgreementStatus.Completed => "交割完成",
        AgreementStatus.Cancelled => "已取消",
        _ => "",
    };
}
