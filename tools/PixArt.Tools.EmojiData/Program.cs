using Microsoft.Extensions.Logging;
using PixArt.Plugins.Datasets.Emoji;
using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Planning;

// Usage:
//   build    --out DIR [--cache DIR] [--npm PATH] [--skin-tones none|one-rotating|uniform|all] [--eval-fraction F] [--overwrite]
//   subset   --from DIR --out DIR --classes NAME[,NAME…] --per-class N
//   validate DIR
const string Usage = "usage: build --out DIR [--cache DIR] [--npm PATH] [--skin-tones none|one-rotating|uniform|all] [--eval-fraction F] [--overwrite]\n" +
                     "       subset --from DIR --out DIR --classes NAME[,NAME...] --per-class N\n" +
                     "       validate DIR";
if (args.Length == 0) return Fail(Usage, 2);
using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
var logger = loggerFactory.CreateLogger("emoji-data");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    switch (args[0])
    {
        case "build":
        {
            var o = Options(args[1..], "--out", "--cache", "--npm", "--skin-tones", "--eval-fraction", "--overwrite");
            var options = new EmojiDatasetBuildOptions
            {
                CacheDirectory = o.GetValueOrDefault("--cache"),
                NpmCommand = o.GetValueOrDefault("--npm") ?? "npm",
                Overwrite = o.ContainsKey("--overwrite"),
            };
            if (o.TryGetValue("--skin-tones", out var tones))
            {
                var match = Enum.GetValues<SkinToneSelection>().Where(s => EmojiDatasetWriter.Kebab(s) == tones).ToList();
                options.SkinTones = match.Count == 1 ? match[0] : throw new ArgumentException($"--skin-tones '{tones}': none, one-rotating, uniform or all");
            }
            if (o.TryGetValue("--eval-fraction", out var fraction))
                options.EvalFraction = double.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture);
            var manifest = await new EmojiDatasetBuilder(options, logger).BuildAsync(Required(o, "--out"), cancel.Token);
            Console.WriteLine(Summary(manifest));
            return 0;
        }
        case "subset":
        {
            var o = Options(args[1..], "--from", "--out", "--classes", "--per-class");
            var manifest = EmojiDatasetSubset.Create(Required(o, "--from"), Required(o, "--out"),
                Required(o, "--classes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                int.Parse(Required(o, "--per-class"), System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine(Summary(manifest));
            return 0;
        }
        case "validate" when args.Length == 2:
        {
            var problems = EmojiDatasetValidator.Validate(args[1]);
            foreach (var p in problems) Console.Error.WriteLine(p);
            Console.WriteLine(problems.Count == 0 ? $"{args[1]}: valid" : $"{args[1]}: {problems.Count} problem(s)");
            return problems.Count == 0 ? 0 : 1;
        }
        default:
            return Fail(Usage, 2);
    }
}
catch (EmojiDataException e)
{
    return Fail($"error: {e.Message}", 1);
}
catch (Exception e) when (e is ArgumentException or FormatException or InvalidDataException)
{
    return Fail($"error: {e.Message}", 2);
}
catch (OperationCanceledException)
{
    return Fail("cancelled", 130);
}

static int Fail(string message, int code)
{
    Console.Error.WriteLine(message);
    return code;
}

static Dictionary<string, string> Options(string[] args, params string[] known)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < args.Length; i++)
    {
        if (!known.Contains(args[i])) throw new ArgumentException($"unknown option '{args[i]}'");
        if (args[i] == "--overwrite") result[args[i]] = "true";
        else if (i + 1 < args.Length) result[args[i]] = args[++i];
        else throw new ArgumentException($"{args[i]} needs a value");
    }
    return result;
}

static string Required(Dictionary<string, string> options, string name) =>
    options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required");

static string Summary(EmojiDatasetManifest m) =>
    $"{m.Counts.Images} images ({string.Join(", ", m.Counts.BySplitAndStyle.SelectMany(s => s.Value.Select(x => $"{s.Key}/{x.Key} {x.Value}")))}), " +
    $"{m.Counts.Emoji} emoji, {m.Counts.Classes} classes, aesthetic {string.Join(", ", m.Counts.AestheticBySplit.Select(x => $"{x.Key} {x.Value}"))}, " +
    $"caption words {m.CaptionWords.Min}-{m.CaptionWords.Max} (mean {m.CaptionWords.Mean}), captions sha256 {m.Files.CaptionsSha256}";
