// The tests share one generation worker per server and time-sensitive states (a running job, a full queue): sequential.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
