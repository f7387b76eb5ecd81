using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace PixArt.Server.Api;

/// <summary>What <see cref="JsonBody.ReadAsync{T}"/> found.</summary>
/// <typeparam name="T">The body type.</typeparam>
/// <param name="Value">The body, when it could be read.</param>
/// <param name="Errors">Field problems (a wrong type names the field and the type it must have).</param>
/// <param name="Status">200 when read; 400, 413 or 415 otherwise.</param>
public sealed record JsonBodyResult<T>(T? Value, Dictionary<string, string[]> Errors, int Status) where T : class;

/// <summary>
/// Reads a JSON request body with a size limit (413 past it, whether announced by <c>Content-Length</c> or found while
/// reading a chunked body) and turns a value of the wrong type into a problem naming the field as the JSON names it.
/// </summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>Reads <typeparamref name="T"/> from <paramref name="request"/>, at most <paramref name="maxBytes"/> bytes.</summary>
    public static async Task<JsonBodyResult<T>> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return Error<T>("body", $"must be JSON (Content-Type: application/json), not '{type}'", StatusCodes.Status415UnsupportedMediaType);
        if (request.ContentLength > maxBytes) return TooLarge<T>(maxBytes);

        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return TooLarge<T>(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return Error<T>("body", "a JSON object is required", StatusCodes.Status400BadRequest);
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null
                ? Error<T>("body", "a JSON object is required, not null", StatusCodes.Status400BadRequest)
                : new JsonBodyResult<T>(value, [], StatusCodes.Status200OK);
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            var property = typeof(T).GetProperties().FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == field);
            var message = property is null ? $"not valid JSON ({FirstLine(e.Message)})" : $"must be {Describe(property.PropertyType)}";
            return Error<T>(property is null ? "body" : field, message, StatusCodes.Status400BadRequest);
        }
    }

    private static JsonBodyResult<T> TooLarge<T>(int maxBytes) where T : class =>
        Error<T>("body", $"must be at most {maxBytes} bytes (PixArt:Server:MaxRequestBodyBytes)", StatusCodes.Status413PayloadTooLarge);

    private static JsonBodyResult<T> Error<T>(string field, string message, int status) where T : class =>
        new(null, new Dictionary<string, string[]> { [field] = [message] }, status);

    // "$.steps" -> "steps"; "$" or null -> "" (the whole body).
    private static string FieldOf(string? path) => path is null || path.Length <= 2 ? "" : path[2..].Split('.', '[')[0];

    private static string FirstLine(string message) => message.Split('\n')[0].Split(" Path:")[0];

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "a string"
            : t == typeof(int) ? "an integer"
            : t == typeof(long) ? "an integer"
            : t == typeof(double) ? "a number"
            : t == typeof(bool) ? "true or false"
            : $"a {t.Name}";
    }
}
