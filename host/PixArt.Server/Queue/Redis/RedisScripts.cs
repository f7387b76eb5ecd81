namespace PixArt.Server.Queue.Redis;

/// <summary>
/// The Lua scripts that change a job's shared state. Each runs atomically in Redis, so an API node cancelling, a worker
/// claiming and a worker finishing the same job never interleave. A job's hash holds <c>state</c> (queued, running,
/// completed, failed, cancelled), <c>request</c> (the validated body, seed fixed), <c>entry</c> (its stream entry),
/// <c>worker</c> and <c>attempt</c> (who holds it, in which attempt), <c>attempts</c>, <c>cancel</c> (a requested
/// cancellation's reason), <c>step</c>, <c>message</c>, times in Unix milliseconds. Only the holder (worker and attempt)
/// may append events or finish: a worker that was presumed dead and replaced finds its writes refused.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: jobs, job, events. ARGV: capacity, id, request, preview_every, created. Returns the position, or nil when full.</summary>
    public const string Enqueue = """
        local length = redis.call('XLEN', KEYS[1])
        if length >= tonumber(ARGV[1]) then return false end
        local entry = redis.call('XADD', KEYS[1], '*', 'job', ARGV[2])
        redis.call('HSET', KEYS[2], 'state', 'queued', 'request', ARGV[3], 'preview_every', ARGV[4], 'created', ARGV[5], 'attempts', 0, 'entry', entry, 'step', 0)
        redis.call('XADD', KEYS[3], '*', 'kind', 'queued', 'at', ARGV[5], 'position', length + 1)
        return length + 1
        """;

    /// <summary>
    /// KEYS: jobs, job, events. ARGV: reason, now, retention seconds, cancel channel, id. A job no worker holds is cancelled
    /// at once (<c>removed</c>); a held one gets the cancel flag and a message on the channel (<c>stopping</c>).
    /// </summary>
    public const string Cancel = """
        local state = redis.call('HGET', KEYS[2], 'state')
        if not state then return 'missing' end
        if state == 'completed' or state == 'failed' or state == 'cancelled' then return 'finished' end
        local worker = redis.call('HGET', KEYS[2], 'worker')
        if state == 'queued' and (not worker or worker == '') then
          redis.call('HSET', KEYS[2], 'state', 'cancelled', 'message', ARGV[1], 'finished', ARGV[2])
          redis.call('XADD', KEYS[3], '*', 'kind', 'cancelled', 'at', ARGV[2], 'message', ARGV[1])
          local entry = redis.call('HGET', KEYS[2], 'entry')
          if entry then redis.call('XDEL', KEYS[1], entry) end
          redis.call('EXPIRE', KEYS[2], ARGV[3])
          redis.call('EXPIRE', KEYS[3], ARGV[3])
          return 'removed'
        end
        redis.call('HSET', KEYS[2], 'cancel', ARGV[1])
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return 'stopping'
        """;

    /// <summary>
    /// KEYS: jobs, job, events. ARGV: worker, entry, max attempts, now, group, retention seconds. A worker takes the job of
    /// <c>entry</c> (read new, or claimed from a worker that stopped responding). Returns <c>{skip}</c> (finished, cancelled
    /// or a stale entry: acknowledged), <c>{failed, message}</c> (attempts used up) or <c>{run, attempt, request,
    /// preview_every, created, cancel}</c>.
    /// </summary>
    public const string Claim = """
        local function drop()
          redis.call('XACK', KEYS[1], ARGV[5], ARGV[2])
          redis.call('XDEL', KEYS[1], ARGV[2])
        end
        local state = redis.call('HGET', KEYS[2], 'state')
        if not state or state == 'completed' or state == 'failed' or state == 'cancelled' or redis.call('HGET', KEYS[2], 'entry') ~= ARGV[2] then
          drop()
          return {'skip'}
        end
        local previous = redis.call('HGET', KEYS[2], 'worker') or ''
        local attempts = redis.call('HINCRBY', KEYS[2], 'attempts', 1)
        local max = tonumber(ARGV[3])
        if attempts > max then
          local message = 'gave up after ' .. max .. ' attempt(s): worker ' .. previous .. ' stopped responding'
          redis.call('HSET', KEYS[2], 'state', 'failed', 'message', message, 'finished', ARGV[4], 'worker', '')
          redis.call('XADD', KEYS[3], '*', 'kind', 'failed', 'at', ARGV[4], 'message', message)
          drop()
          redis.call('EXPIRE', KEYS[2], ARGV[6])
          redis.call('EXPIRE', KEYS[3], ARGV[6])
          return {'failed', message}
        end
        if previous ~= '' then
          local message = 'requeued: worker ' .. previous .. ' stopped responding (attempt ' .. attempts .. ' of ' .. max .. ')'
          redis.call('HSET', KEYS[2], 'state', 'queued', 'step', 0)
          redis.call('XADD', KEYS[3], '*', 'kind', 'queued', 'at', ARGV[4], 'message', message)
        end
        redis.call('HSET', KEYS[2], 'worker', ARGV[1], 'attempt', attempts)
        return {'run', tostring(attempts), redis.call('HGET', KEYS[2], 'request'), redis.call('HGET', KEYS[2], 'preview_every') or '0',
                redis.call('HGET', KEYS[2], 'created') or ARGV[4], redis.call('HGET', KEYS[2], 'cancel') or ''}
        """;

    /// <summary>
    /// KEYS: job, events. ARGV: worker, attempt, kind (started or progress), at, step, total, worker name or '', preview or ''.
    /// Returns 1, or 0 when the caller no longer holds the job. Idempotent: a retry after a lost answer adds nothing.
    /// </summary>
    public const string Append = """
        if redis.call('HGET', KEYS[1], 'worker') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'attempt') ~= ARGV[2] then return 0 end
        local state = redis.call('HGET', KEYS[1], 'state')
        if ARGV[3] == 'started' and state == 'running' then return 1 end
        if ARGV[3] == 'progress' and tonumber(redis.call('HGET', KEYS[1], 'step') or '0') >= tonumber(ARGV[5]) then return 1 end
        if ARGV[3] == 'started' then
          redis.call('HSET', KEYS[1], 'state', 'running', 'started', ARGV[4], 'step', 0)
        else
          redis.call('HSET', KEYS[1], 'step', ARGV[5])
        end
        local fields = {'kind', ARGV[3], 'at', ARGV[4], 'step', ARGV[5], 'total', ARGV[6]}
        if ARGV[7] ~= '' then table.insert(fields, 'worker') table.insert(fields, ARGV[7]) end
        if ARGV[8] ~= '' then table.insert(fields, 'preview') table.insert(fields, ARGV[8]) end
        redis.call('XADD', KEYS[2], '*', unpack(fields))
        return 1
        """;

    /// <summary>
    /// KEYS: jobs, job, events, images. ARGV: worker, attempt, state (completed, failed or cancelled), at, message or '',
    /// step, total, group, entry, retention seconds, image count, then per image its PNG and its parameters (JSON).
    /// Records the end, stores the images, acknowledges the entry and sets every key to expire. Returns 1, or 0 when the
    /// caller no longer holds the job (its results are dropped: one result per job id). Idempotent like <see cref="Append"/>.
    /// </summary>
    public const string Finish = """
        if redis.call('HGET', KEYS[2], 'worker') ~= ARGV[1] or redis.call('HGET', KEYS[2], 'attempt') ~= ARGV[2] then return 0 end
        local state = redis.call('HGET', KEYS[2], 'state')
        if state == 'completed' or state == 'failed' or state == 'cancelled' then return 1 end
        redis.call('HSET', KEYS[2], 'state', ARGV[3], 'finished', ARGV[4], 'step', ARGV[6], 'images', ARGV[11])
        if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'message', ARGV[5]) end
        local count = tonumber(ARGV[11])
        for k = 0, count - 1 do
          redis.call('HSET', KEYS[4], tostring(k), ARGV[12 + 2 * k], 'p' .. k, ARGV[13 + 2 * k])
        end
        local fields = {'kind', ARGV[3], 'at', ARGV[4], 'step', ARGV[6], 'total', ARGV[7]}
        if ARGV[5] ~= '' then table.insert(fields, 'message') table.insert(fields, ARGV[5]) end
        redis.call('XADD', KEYS[3], '*', unpack(fields))
        redis.call('XACK', KEYS[1], ARGV[8], ARGV[9])
        redis.call('XDEL', KEYS[1], ARGV[9])
        redis.call('EXPIRE', KEYS[2], ARGV[10])
        redis.call('EXPIRE', KEYS[3], ARGV[10])
        if count > 0 then redis.call('EXPIRE', KEYS[4], ARGV[10]) end
        return 1
        """;

    /// <summary>
    /// KEYS: jobs, job, events. ARGV: worker, attempt, at, reason, group, entry, id, retention seconds. A worker that shuts
    /// down hands a job back: cancelled if a cancellation was asked for, else queued again under a new entry (not counted as
    /// an attempt). Returns 0 (not held), 1 (cancelled) or 2 (requeued).
    /// </summary>
    public const string Release = """
        if redis.call('HGET', KEYS[2], 'worker') ~= ARGV[1] or redis.call('HGET', KEYS[2], 'attempt') ~= ARGV[2] then return 0 end
        redis.call('XACK', KEYS[1], ARGV[5], ARGV[6])
        redis.call('XDEL', KEYS[1], ARGV[6])
        local cancel = redis.call('HGET', KEYS[2], 'cancel')
        if cancel then
          redis.call('HSET', KEYS[2], 'state', 'cancelled', 'message', cancel, 'finished', ARGV[3])
          redis.call('XADD', KEYS[3], '*', 'kind', 'cancelled', 'at', ARGV[3], 'message', cancel)
          redis.call('EXPIRE', KEYS[2], ARGV[8])
          redis.call('EXPIRE', KEYS[3], ARGV[8])
          return 1
        end
        local entry = redis.call('XADD', KEYS[1], '*', 'job', ARGV[7])
        redis.call('HSET', KEYS[2], 'state', 'queued', 'worker', '', 'step', 0, 'entry', entry)
        redis.call('HINCRBY', KEYS[2], 'attempts', -1)
        redis.call('XADD', KEYS[3], '*', 'kind', 'queued', 'at', ARGV[3], 'message', ARGV[4])
        return 2
        """;
}
