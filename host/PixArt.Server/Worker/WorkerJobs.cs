namespace PixArt.Server.Worker;

/// <summary>
/// The DI key of the <see cref="Jobs.JobStore"/> that holds the jobs this process's worker runs. In-process it is the one
/// store the API uses too; with a shared queue it is a store of its own, since the API side of the same process keeps
/// mirrors of jobs under the same ids (<see cref="Queue.Redis.RedisJobFollower"/>).
/// </summary>
public static class WorkerJobs
{
    /// <summary>The key.</summary>
    public const string Key = "pixart-worker-jobs";
}
