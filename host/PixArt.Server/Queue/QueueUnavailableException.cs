namespace PixArt.Server.Queue;

/// <summary>The shared queue (Redis) cannot be reached now; the API answers 503 with <c>Retry-After</c> (<see cref="Api.QueueUnavailableFilter"/>).</summary>
public sealed class QueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
