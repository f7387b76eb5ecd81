using System.Net.Http.Json;
using System.Text.Json;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>Small helpers for JSON requests and answers.</summary>
public static class Json
{
    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body);

    public static async Task<JsonElement> ReadAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Polls a job until it is in one of <paramref name="states"/>.</summary>
    public static async Task<JsonElement> WaitForStateAsync(this HttpClient client, string jobUrl, params string[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var job = await (await client.GetAsync(jobUrl)).ReadAsync();
            if (states.Contains(job.GetProperty("state").GetString())) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{jobUrl} stayed {job.GetProperty("state")}");
            await Task.Delay(20);
        }
    }
}
