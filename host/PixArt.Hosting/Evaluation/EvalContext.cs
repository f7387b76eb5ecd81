namespace PixArt.Hosting.Evaluation;

/// <summary>What an evaluation reads besides the model: the classifier with its manifest, the real images, the settings, and the folders to report.</summary>
/// <param name="Classifier">The classifier (inference mode).</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="Train">Real training images at the classifier's input size.</param>
/// <param name="HeldOut">Real held-out images at the classifier's input size.</param>
/// <param name="Settings">The generation settings.</param>
/// <param name="ModelFolder">The model folder (absolute).</param>
/// <param name="DataFolder">The data set folder (absolute).</param>
/// <param name="ClassifierFolder">The classifier folder (absolute).</param>
public sealed record EvalContext(ImageClassifier Classifier, ClassifierManifest Manifest, LabelledImages Train, LabelledImages HeldOut, EvalSettings Settings,
    string ModelFolder, string DataFolder, string ClassifierFolder);
