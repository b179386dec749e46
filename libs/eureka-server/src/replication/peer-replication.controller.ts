import { Controller, Get, Headers, PayloadTooLargeException, Post, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { CodecError, ReplicationInstance, decodeReplicationList, encodeReplicationListResponse } from '@nest-eureka/protocol';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { EUREKA_API_PATHS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { RawResponse, TEXT_PLAIN, sendRaw } from '../web/raw-response';
import { BodyCarrier, decodeContentEncoding, readRequestBody } from '../web/request-body.reader';
import { InstanceRegistry } from '../registry/instance-registry';
import { PeerReplication } from './peer-replication.service';
import { ReplicationBatchApplier } from './replication-batch.applier';

const JSON_TYPE = Object.freeze({ 'content-type': 'application/json' });

/**
 * `POST {B}/peerreplication/batch` (spec §3.13, §12.4): the receiving end of peer replication,
 * in the reference's JSON; and `GET {B}/peerreplication/stats`, our view of the replication
 * queues (not in the reference).
 */
@Controller(EUREKA_API_PATHS)
export class PeerReplicationController {
  private readonly applier: ReplicationBatchApplier;

  constructor(
    registry: InstanceRegistry,
    private readonly replication: PeerReplication,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {
    this.applier = new ReplicationBatchApplier(registry, options);
  }

  @Post('peerreplication/batch')
  async batch(
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Req() req: BodyCarrier,
    @Res() res: RawResponse,
  ): Promise<void> {
    let items: ReplicationInstance[];
    try {
      const compressed = await readRequestBody(req, this.options.maxRequestBodyBytes);
      // A batch of 250 full instances inflates well past the body limit: 8 times it after gunzip.
      const body = await decodeContentEncoding(compressed, contentEncoding, this.options.maxRequestBodyBytes * 8);
      items = decodeReplicationList(body.toString('utf8'));
    } catch (error) {
      if (error instanceof PayloadTooLargeException || error instanceof UnsupportedMediaTypeException) {
        return sendRaw(res, error.getStatus(), TEXT_PLAIN, error.message);
      }
      const detail = error instanceof CodecError ? error.message : `body: ${(error as Error).message}`;
      return sendRaw(res, 400, JSON_TYPE, `{"error": ${JSON.stringify(`cannot parse request body: ${detail}`)}}`);
    }
    this.replication.received.batches++;
    this.replication.received.items += items.length;
    sendRaw(res, 200, JSON_TYPE, encodeReplicationListResponse(this.applier.apply(items)));
  }

  @Get('peerreplication/stats')
  stats(@Res() res: RawResponse): void {
    sendRaw(res, 200, JSON_TYPE, JSON.stringify(this.replication.stats()));
  }
}
