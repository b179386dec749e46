import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Subscription } from 'rxjs';
import { InstanceInfo, instanceIdOf } from '@nest-eureka/protocol';
import { Clock } from '../clock/clock';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { splitUrlList } from '../config/resolve-server-options';
import { EUREKA_SERVER_TIMERS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { InstanceRegistry } from '../registry/instance-registry';
import { PeerEurekaNode, PeerNodeHandlers, PeerNodeStats } from './peer/peer-eureka.node';
import { PeerNodeOptions, REFERENCE_BATCHING } from './peer/peer-node.options';
import { localIdentity, resolvePeerUrls } from './peer-list';
import { ReplicationWork, changeWork, heartbeatWork, registerWork } from './replication-items';
import { StartupSyncResult, syncFromPeers } from './startup-sync';

export interface ReplicationStats {
  warmedUp: boolean;
  startupSync: StartupSyncResult;
  peers: PeerNodeStats[];
  received: { batches: number; items: number };
}

/**
 * Peer replication (spec §12): forwards every change this server applies for a client (and every
 * client heartbeat) to every peer, once; replicated writes are never forwarded again. At start it
 * copies the registry from its peers and only then opens for traffic. Each peer has its own
 * bounded queue (`PeerEurekaNode`), so a slow or dead peer never blocks a client request.
 */
@Injectable()
export class PeerReplication implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EurekaReplication');
  private readonly nodes = new Map<string, PeerEurekaNode>();
  private readonly unsubscribe: Array<() => void> = [];
  private listening?: Subscription;
  private stopped = false;
  private sync: StartupSyncResult = { synced: 0, attempts: 0 };
  private peerList: string;
  readonly received = { batches: 0, items: 0 };

  constructor(
    private readonly registry: InstanceRegistry,
    private readonly clock: Clock,
    private readonly adapterHost: HttpAdapterHost,
    private readonly scheduler: SchedulerRegistry,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {
    this.peerList = options.peerEurekaNodeUrls;
  }

  /** True when peer URLs are configured (the server then opens for traffic after start-up sync). */
  get configured(): boolean {
    return splitUrlList(this.options.peerEurekaNodeUrls).length > 0;
  }

  get peers(): readonly PeerEurekaNode[] {
    return [...this.nodes.values()];
  }

  onApplicationBootstrap(): void {
    this.unsubscribe.push(
      this.registry.onChange((change) => {
        const work = changeWork(change, this.clock.now(), this.options.maxTimeForReplication);
        if (work) this.forward(work);
      }),
      this.registry.onRenewed((lease) => {
        if (this.nodes.size === 0) return;
        this.forward(heartbeatWork(lease, this.registry.overrideOf(lease.holder.app, instanceIdOf(lease.holder)), this.clock.now()));
      }),
    );
    if (!this.configured) return;
    // The own URL is recognised by the listening port, so peers are resolved once the server listens.
    this.listening = this.adapterHost.listen$.subscribe(() => void this.start());
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.listening?.unsubscribe();
    if (this.scheduler.doesExist('interval', EUREKA_SERVER_TIMERS.peerRefresh)) this.scheduler.deleteInterval(EUREKA_SERVER_TIMERS.peerRefresh);
    for (const off of this.unsubscribe.splice(0)) off();
    for (const node of this.nodes.values()) node.shutdown();
    this.nodes.clear();
  }

  /**
   * Replaces the peer list at run time (comma-separated service URLs); this server's own URL is
   * skipped. Queues of peers that stay are kept; removed peers are shut down.
   */
  updatePeers(urls: string): void {
    this.peerList = urls;
    const port = this.listeningPort();
    const wanted = resolvePeerUrls(urls, localIdentity(port ?? -1, this.options.myUrl));
    for (const [url, node] of this.nodes) {
      if (!wanted.includes(url)) {
        node.shutdown();
        this.nodes.delete(url);
      }
    }
    for (const url of wanted) if (!this.nodes.has(url)) this.nodes.set(url, new PeerEurekaNode(url, this.nodeOptions(), this.handlers, this.clock));
  }

  stats(): ReplicationStats {
    return {
      warmedUp: this.registry.startedAt > 0,
      startupSync: { ...this.sync },
      peers: this.peers.map((node) => node.stats()),
      received: { ...this.received },
    };
  }

  private async start(): Promise<void> {
    this.updatePeers(this.peerList);
    // Re-resolve the list every peerEurekaNodesUpdateIntervalMs (host addresses may change).
    this.scheduler.addInterval(
      EUREKA_SERVER_TIMERS.peerRefresh,
      setInterval(() => this.updatePeers(this.peerList), this.options.peerEurekaNodesUpdateIntervalMs),
    );
    const peers = [...this.nodes.keys()];
    this.logger.log(`replicating to ${peers.length} peer(s): ${this.peers.map((n) => n.displayUrl).join(', ') || 'none'}`);
    // `this.sync` is updated as the sync goes, so the stats show its progress (attempts) meanwhile.
    if (peers.length > 0) await syncFromPeers(peers, this.registry, this.options, () => this.stopped, this.logger, this.sync);
    this.sync.done = true;
    if (!this.stopped) this.registry.openForTraffic(this.sync.synced);
  }

  private forward(work: ReplicationWork): void {
    for (const node of this.nodes.values()) node.enqueue(work.item, work.expiresAt);
  }

  private readonly handlers: PeerNodeHandlers = {
    // The peer lacks the instance: send it our record (spec §12.2).
    onHeartbeatNotFound: (node, appName, id) => {
      const lease = this.registry.leasesOf(appName)?.get(id);
      if (!lease) return;
      const register = registerWork(lease, this.clock.now());
      node.enqueue(register.item, register.expiresAt);
    },
    // The peer has newer data: adopt its copy, as a replication (not forwarded).
    onHeartbeatConflict: (_node, _appName, _id, peerCopy: InstanceInfo) => {
      if (this.options.syncWhenTimestampDiffers) this.registry.adoptPeerCopy(peerCopy);
    },
  };

  private nodeOptions(): PeerNodeOptions {
    const o = this.options;
    return {
      maxElementsInPeerReplicationPool: o.maxElementsInPeerReplicationPool,
      maxThreadsForPeerReplication: o.maxThreadsForPeerReplication,
      peerNodeConnectTimeoutMs: o.peerNodeConnectTimeoutMs,
      peerNodeReadTimeoutMs: o.peerNodeReadTimeoutMs,
      enableReplicatedRequestCompression: o.enableReplicatedRequestCompression,
      ...REFERENCE_BATCHING,
    };
  }

  private listeningPort(): number | undefined {
    const address = this.adapterHost.httpAdapter?.getHttpServer?.()?.address?.();
    return address && typeof address === 'object' ? address.port : undefined;
  }
}
