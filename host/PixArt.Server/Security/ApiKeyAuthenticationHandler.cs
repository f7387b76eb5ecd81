using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PixArt.Server.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer KEY</c> against the configured keys (<see cref="ApiKeySet"/>); a request without
/// a valid key is answered 401 with <c>WWW-Authenticate: Bearer</c> and a problem-details body. Runs in the authentication
/// middleware, before the request body is read.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeySet keys, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme name.</summary>
    public const string SchemeName = "PixArtApiKey";

    /// <summary>The authorization policy the API endpoints require when keys are configured.</summary>
    public const string Policy = "PixArtApiKey";

    private const string Bearer = "Bearer ";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) || !keys.Accepts(header.AsSpan(Bearer.Length).Trim()))
            return Task.FromResult(AuthenticateResult.Fail("the API key is not valid"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"pixart\"";
        var presented = !string.IsNullOrEmpty(Request.Headers.Authorization);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required",
                Detail = presented
                    ? "the key in the Authorization header is not one of this server's keys"
                    : "send one of this server's keys as 'Authorization: Bearer KEY' (PixArt:Server:ApiKeys)",
            },
        });
    }
}
