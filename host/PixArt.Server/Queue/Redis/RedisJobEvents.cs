using System.Globalization;
using System.Text.Json;
using PixArt.Hosting.Generation;
using PixArt.Server.Jobs;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// How job events and images look in Redis: an event is a stream entry with <c>kind</c>, <c>at</c> (Unix milliseconds),
/// <c>step</c>, <c>total</c> and, when present, <c>position</c>, <c>message</c>, <c>worker</c>, <c>preview</c> (PNG bytes);
/// image <c>k</c> is field <c>k</c> (PNG) and <c>p{k}</c> (<see cref="GenerationParameters"/> as JSON) of the images hash.
/// </summary>
internal static class RedisJobEvents
{
    /// <summary>Unix milliseconds, as every time is stored.</summary>
    public static string Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The event an entry of a job's events stream records (sequence 0: the job numbers it when appending).</summary>
    public static JobEvent Read(StreamEntry entry)
    {
        string? Text(string name) => entry[name] is { IsNull: false } v ? v.ToString() : null;
        int Number(string name) => int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var at = long.TryParse(Text("at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.UtcNow;
        var preview = entry["preview"];
        return new JobEvent(0, Text("kind") ?? "", at, Number("step"), Number("total"),
            Text("position") is null ? null : Number("position"), preview.IsNull ? null : (byte[]?)preview, Text("message"), Text("worker"));
    }

    /// <summary>Parameters as stored beside an image.</summary>
    public static string Write(GenerationParameters parameters) => JsonSerializer.Serialize(parameters);

    /// <summary>The images a finished job stored, or null when they expired.</summary>
    public static IReadOnlyList<JobImage>? ReadImages(HashEntry[] fields, int count)
    {
        var byName = fields.ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
        var images = new List<JobImage>(count);
        for (var k = 0; k < count; k++)
        {
            if (!byName.TryGetValue(k.ToString(CultureInfo.InvariantCulture), out var png) || !byName.TryGetValue($"p{k}", out var json)) return null;
            var parameters = JsonSerializer.Deserialize<GenerationParameters>(json.ToString())
                ?? throw new InvalidDataException($"image {k}'s parameters in Redis are empty");
            images.Add(new JobImage(k, (byte[])png!, parameters));
        }
        return images;
    }
}
