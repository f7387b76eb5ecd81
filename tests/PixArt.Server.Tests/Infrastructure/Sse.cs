using System.Text;
using System.Text.Json;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>One server-sent event.</summary>
public sealed record SseEvent(string Type, string? Id, JsonElement Data);

/// <summary>Reads a server-sent event stream as the SSE specification defines it (event, id, data lines; blank line ends an event).</summary>
public static class Sse
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        string type = "message";
        string? id = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0) yield return new SseEvent(type, id, JsonDocument.Parse(data.ToString()).RootElement.Clone());
                (type, id) = ("message", null);
                data.Clear();
                continue;
            }
            if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
            else if (line.StartsWith("id:", StringComparison.Ordinal)) id = line[3..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(data.Length > 0 ? "\n" : "").Append(line[5..].TrimStart());
        }
    }

    /// <summary>Every event of a job until its stream ends.</summary>
    public static async Task<List<SseEvent>> AllAsync(HttpClient client, string eventsUrl, Func<SseEvent, Task>? onEvent = null, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        using var request = new HttpRequestMessage(HttpMethod.Get, eventsUrl);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<SseEvent>();
        await foreach (var e in ReadAsync(response, cancel.Token))
        {
            events.Add(e);
            if (onEvent is not null) await onEvent(e);
        }
        return events;
    }
}
