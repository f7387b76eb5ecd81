using System.Text.Json;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// Where the evaluation classifier lives: with its data set, in <c>DATA/classifier/</c>, as <c>classifier.safetensors</c>
/// (the module's own state-dict keys, float32) and <c>classifier.json</c> (<see cref="ClassifierManifest"/>). Both files
/// are written into a temporary folder that then replaces the old one, so an interrupted save leaves the previous
/// classifier (or none) and never half of one.
/// </summary>
public static class ClassifierStore
{
    /// <summary>The folder's name inside the data set.</summary>
    public const string FolderName = "classifier";

    /// <summary>The weights file.</summary>
    public const string WeightsFile = "classifier.safetensors";

    /// <summary>The manifest file.</summary>
    public const string ManifestFile = "classifier.json";

    /// <summary>The classifier folder of data set <paramref name="dataFolder"/>.</summary>
    public static string FolderOf(string dataFolder) => Path.Combine(Path.GetFullPath(dataFolder), FolderName);

    /// <summary>Whether <paramref name="folder"/> holds a classifier (its manifest).</summary>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, ManifestFile));

    /// <summary>Writes <paramref name="classifier"/> and <paramref name="manifest"/> into <paramref name="folder"/>, replacing what is there.</summary>
    public static void Save(string folder, ImageClassifier classifier, ClassifierManifest manifest, IWeightStore store)
    {
        var full = Path.GetFullPath(folder);
        var temp = $"{full}.tmp-{Environment.ProcessId}";
        var old = $"{full}.old-{Environment.ProcessId}";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            var metadata = new Dictionary<string, string> { ["format"] = manifest.Format, ["version"] = manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            store.Save(Path.Combine(temp, WeightsFile), ModuleWeights.Export(classifier), metadata);
            File.WriteAllText(Path.Combine(temp, ManifestFile), JsonSerializer.Serialize(manifest, ClassifierManifest.Json) + "\n");
            // The old folder is moved aside before the new one moves in and deleted after, so at every moment one complete
            // classifier exists under one of the names.
            if (Directory.Exists(full)) Directory.Move(full, old);
            Directory.Move(temp, full);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            if (!Directory.Exists(full) && Directory.Exists(old)) Directory.Move(old, full);
            throw;
        }
    }

    /// <summary>
    /// Reads <c>classifier.json</c> from <paramref name="folder"/>. Throws <see cref="FileNotFoundException"/> when it is
    /// missing and <see cref="InvalidDataException"/> naming the file when it is not a manifest this build reads.
    /// </summary>
    public static ClassifierManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        ClassifierManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ClassifierManifest>(File.ReadAllText(path), ClassifierManifest.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a classifier manifest ({e.Message})", e);
        }
        if (manifest is null || manifest.Format != ClassifierManifest.FormatName)
            throw new InvalidDataException($"{path}: not a classifier manifest (format '{manifest?.Format}', expected '{ClassifierManifest.FormatName}')");
        if (manifest.Version != ClassifierManifest.CurrentVersion)
            throw new InvalidDataException($"{path}: version {manifest.Version}; this build reads version {ClassifierManifest.CurrentVersion} (retrain the classifier)");
        if (manifest.FeatureWidth != manifest.Shape.FeatureWidth)
            throw new InvalidDataException($"{path}: feature_width {manifest.FeatureWidth} does not match width {manifest.Width} (expected {manifest.Shape.FeatureWidth})");
        try
        {
            manifest.Shape.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
        return manifest;
    }

    /// <summary>
    /// Loads the classifier of <paramref name="folder"/> onto <paramref name="device"/> (inference only: no gradients), with
    /// its manifest. Throws as <see cref="ReadManifest"/> does, and <see cref="WeightFormatException"/> when the weights do not
    /// fit the manifest's shape (every missing, unexpected or mis-shaped key named).
    /// </summary>
    public static (ImageClassifier Classifier, ClassifierManifest Manifest) Load(string folder, IWeightStore store, Device device)
    {
        var manifest = ReadManifest(folder);
        var classifier = ImageClassifier.Create(manifest.Shape);
        try
        {
            using (var source = store.Open(Path.Combine(folder, WeightsFile))) ModuleWeights.LoadStrict(classifier, source);
            classifier.to(device);
            classifier.eval();
            foreach (var parameter in classifier.parameters()) parameter.requires_grad = false;
            return (classifier, manifest);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }
}
