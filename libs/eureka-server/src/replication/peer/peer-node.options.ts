/**
 * Settings of one peer's sender (`PeerEurekaNode`). The first five come from the server options
 * (spec §14); the batching pair is fixed in the reference (`PeerEurekaNode`: 250 tasks, 500 ms)
 * and only lowered by tests.
 */
export interface PeerNodeOptions {
  /** Queue bound per peer; overflow drops the oldest task. Reference 10000. */
  maxElementsInPeerReplicationPool: number;
  /** Concurrent batch requests per peer. Reference 20. */
  maxThreadsForPeerReplication: number;
  peerNodeConnectTimeoutMs: number;
  /** Budget for the rest of one exchange once connected (request, response headers and body). */
  peerNodeReadTimeoutMs: number;
  /** Gzip the batch body (`Content-Encoding: gzip`). */
  enableReplicatedRequestCompression: boolean;
  /** Largest batch, in tasks. Reference 250. */
  batchSize: number;
  /** A batch is cut once the oldest queued task has waited this long. Reference 500. */
  batchingDelayMs: number;
}

export const REFERENCE_BATCHING: Readonly<Pick<PeerNodeOptions, 'batchSize' | 'batchingDelayMs'>> = Object.freeze({
  batchSize: 250,
  batchingDelayMs: 500,
});
