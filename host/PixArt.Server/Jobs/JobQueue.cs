using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PixArt.Server.Options;

namespace PixArt.Server.Jobs;

/// <summary>What <see cref="JobQueue.TryEnqueue"/> did.</summary>
public enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Accepted,

    /// <summary>The queue is full (429).</summary>
    Full,

    /// <summary>The server is shutting down (503).</summary>
    Closed,
}

/// <summary>
/// The bounded channel between request handlers and the one generation worker: handlers only validate and enqueue, and
/// a full queue refuses at once (the caller answers 429 with <c>Retry-After</c>) instead of waiting. A job cancelled while
/// queued stays in the channel until the worker reads and drops it, so its slot frees then.
/// </summary>
public sealed class JobQueue
{
    private readonly IOptions<ServerOptions> _options;
    private readonly Lazy<Channel<Job>> _channel;

    /// <summary>A queue of <see cref="ServerOptions.QueueCapacity"/> jobs (created on first use, once the options were checked at start).</summary>
    public JobQueue(IOptions<ServerOptions> options)
    {
        _options = options;
        _channel = new(() => Channel.CreateBounded<Job>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: nothing waits, nothing is dropped
        }));
    }

    /// <summary>Jobs the channel holds at most.</summary>
    public int Capacity => _options.Value.QueueCapacity;

    /// <summary>Jobs in the channel now.</summary>
    public int Count => _channel.Value.Reader.Count;

    /// <summary>True once shutdown began: nothing more is accepted.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>The worker's end.</summary>
    public ChannelReader<Job> Reader => _channel.Value.Reader;

    /// <summary>Adds <paramref name="job"/> unless the queue is full or closed.</summary>
    public EnqueueResult TryEnqueue(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (IsClosed) return EnqueueResult.Closed;
        if (_channel.Value.Writer.TryWrite(job)) return EnqueueResult.Accepted;
        return IsClosed ? EnqueueResult.Closed : EnqueueResult.Full;
    }

    /// <summary>Stops accepting; the worker drains what is left.</summary>
    public void Close()
    {
        IsClosed = true;
        _channel.Value.Writer.TryComplete();
    }
}
