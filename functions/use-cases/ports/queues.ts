/** A work queue's live depth. */
export interface QueueDepth {
  /** Messages waiting (ApproximateNumberOfMessages). */
  waiting: number;
  /** Messages handed to a worker and not yet done (ApproximateNumberOfMessagesNotVisible). */
  inFlight: number;
}

/** Work completed per queue and minute (escalations assigned, callbacks completed): the throughput behind every wait estimate. */
export interface QueueStats {
  /** Counts one completion, and how long it waited, in its queue's minute. */
  recordCompletion(queue: string, at: Date, waitedMs: number): Promise<void>;
  /** Completions and total wait of a queue since `since` (whole minutes). */
  completionsSince(queue: string, since: Date): Promise<{ completed: number; waitedMs: number }>;
}
