using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Abstractions.Weights;
using PixArt.Diffusion;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Training.Features;

namespace PixArt.Hosting.Training;

/// <summary>What every stage of one run shares: the run folder, the frozen text encoder and codec, the diffusion process, checkpoints, metrics, grids.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Options">The run's settings (<c>PixArt:Training</c>).</param>
/// <param name="Runtime">Device and dtype.</param>
/// <param name="Activator">Creates each stage's denoiser from its selection.</param>
/// <param name="Store">Writes and reads checkpoints.</param>
/// <param name="Codec">The latent codec (frozen).</param>
/// <param name="TextEncoder">The text encoder (frozen), when a stage trains on captions.</param>
/// <param name="Features">The experiment's feature cache (<c>pixart extract</c>), read when present.</param>
/// <param name="Diffusion">The diffusion process of the training schedule (reference 3).</param>
/// <param name="Checkpoints">The run's checkpoints.</param>
/// <param name="Metrics">The run's metrics log.</param>
/// <param name="Grids">The run's sample grids.</param>
/// <param name="Experiment">Fingerprint of the resolved experiment (checkpoints of another configuration are refused).</param>
/// <param name="BaseDirectory">Folder relative paths of the configuration resolve against.</param>
/// <param name="Logger">Warnings (skipped items, rejected checkpoints) and progress.</param>
public sealed record TrainingRun(
    string Folder,
    TrainingOptions Options,
    IRuntimeContext Runtime,
    ComponentActivator Activator,
    IWeightStore Store,
    ILatentCodec Codec,
    ITextEncoder? TextEncoder,
    FeatureCache Features,
    GaussianDiffusion Diffusion,
    CheckpointStore Checkpoints,
    MetricsLog Metrics,
    SampleGrids Grids,
    string Experiment,
    string BaseDirectory,
    ILogger Logger);
