using IpExchange.ServiceDefaults;

namespace IpExchange.Gateway.Identity;

public sealed record UserView(string Id, string Name, string OrganisationId, string OrganisationName, string Role, string? OrganisationKind,
    IReadOnlyList<string> OrganisationRoles, string? Group, string? Region)
{
    public static UserView From(Caller caller) => new(caller.UserId, caller.Name, caller.OrganisationId, caller.OrganisationName, caller.Role,
        caller.OrganisationKind, caller.OrganisationRoles ?? [], caller.Group, caller.Region);
}

/// <summary>
/// <c>GET /auth/me</c>: the caller as the gateway reads the token (the Identity service issued it; the
/// gateway only validates it). Signing in happens at the Identity service, routed through here:
/// <c>/connect/*</c>, <c>/account/*</c>, and in Development <c>POST /auth/token</c>.
/// </summary>
public static class CallerEndpoints
{
    public static void Map(WebApplication app) =>
        app.MapGet("/auth/me", (HttpContext http) => UserView.From(http.Caller())).WithTags("Identity");
}
