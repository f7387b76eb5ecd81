using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Queue;

namespace PixArt.Server.Worker;

/// <summary>
/// The bounded channel in front of the one generation worker. In-process (<see cref="Queue.InProcessJobQueue"/>) it is the
/// queue itself: request handlers only validate and enqueue, and a full inbox refuses at once (the caller answers 429 with
/// <c>Retry-After</c>) instead of waiting. With a shared queue (<see cref="Queue.Redis.RedisJobConsumer"/>) the consumer
/// fills it with the jobs this worker took. A job cancelled while queued stays in the channel until the worker reads and
/// drops it, so its slot frees then.
/// </summary>
public sealed class WorkerInbox
{
    private readonly IOptions<ServerOptions> _options;
    private readonly Lazy<Channel<Job>> _channel;

    /// <summary>A queue of <see cref="ServerOptions.QueueCapacity"/> jobs (created on first use, once the options were checked at start).</summary>
    public WorkerInbox(IOptions<ServerOptions> options)
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
