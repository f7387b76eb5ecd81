using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace PixArt.Server.Api;

/// <summary>
/// The web page: <c>/</c> and its files under <c>/ui/</c>, plain HTML, JavaScript and CSS embedded in the assembly
/// (host/PixArt.Server/WebUi), so any host serves them without a content root or a build step.
/// </summary>
public static class WebUiEndpoints
{
    private const string Prefix = "PixArt.Server.WebUi/";

    private static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> Files = new(Load);

    /// <summary>Maps the page.</summary>
    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder root)
    {
        ArgumentNullException.ThrowIfNull(root);
        // Under a prefix the page must be addressed with its trailing slash, so that its relative links resolve.
        root.MapGet("/", (HttpRequest request, HttpResponse response) =>
            request.Path.Value?.EndsWith('/') == false ? (IResult)TypedResults.Redirect(request.PathBase + request.Path + "/" + request.QueryString) : Serve("index.html", response))
            .WithName("WebPage").ExcludeFromDescription();
        root.MapGet("/ui/{file}", (string file, HttpResponse response) => Serve(file, response)).WithName("WebPageFile").ExcludeFromDescription();
        return root;
    }

    private static Results<FileContentHttpResult, NotFound> Serve(string file, HttpResponse response)
    {
        if (!Files.Value.TryGetValue(file, out var content) || !Types.TryGetValue(Path.GetExtension(file), out var type)) return TypedResults.NotFound();
        response.Headers.CacheControl = "no-cache";
        return TypedResults.File(content, type);
    }

    private static IReadOnlyDictionary<string, byte[]> Load()
    {
        var assembly = typeof(WebUiEndpoints).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..]] = copy.ToArray();
        }
        return files;
    }
}
