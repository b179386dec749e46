import { Injectable } from '@nestjs/common';
import { AcceptForm, CacheEntity, CacheKey, WireFormat, cacheKey } from '../cache/cache-key';
import { ResponseCache } from '../cache/response-cache';
import { InstanceRegistry } from '../registry/instance-registry';
import { acceptsGzip, isCompact, negotiateFormat } from '../web/content-negotiation';
import { RawResponse, sendEmpty, sendRaw } from '../web/raw-response';

export interface ReadHeaders {
  accept?: string;
  'accept-encoding'?: string;
  'x-eureka-accept'?: string;
  /** Who the client says it is (`DiscoveryIdentity-Name`), read by the fetch rate limiter. */
  'discoveryidentity-name'?: string;
}

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' });
const XML_HEADERS = Object.freeze({ 'content-type': 'application/xml' });
const JSON_GZIP_HEADERS = Object.freeze({ 'content-type': 'application/json', 'content-encoding': 'gzip' });
const XML_GZIP_HEADERS = Object.freeze({ 'content-type': 'application/xml', 'content-encoding': 'gzip' });

/**
 * Answers the cached reads (spec §3.1-3.3, §3.12) with pre-encoded bytes: no encoding and no
 * registry walk per request. 403 while access is gated (spec §12.6), 406 for an unacceptable
 * `Accept`, 404 for an application with no instances.
 */
@Injectable()
export class CachedReadResponder {
  constructor(
    private readonly cache: ResponseCache,
    private readonly registry: InstanceRegistry,
  ) {}

  respond(res: RawResponse, headers: ReadHeaders, entity: CacheEntity, name: string): void {
    if (!this.registry.shouldAllowAccess()) return sendEmpty(res, 403);
    const format = negotiateFormat(headers.accept);
    if (!format) return sendEmpty(res, 406);
    const accept: AcceptForm = isCompact(headers['x-eureka-accept']) ? 'compact' : 'full';
    const key = this.keyFor(entity, name, format, accept);
    const payload = this.cache.get(key);
    if (payload.empty) return sendEmpty(res, 404);
    if (payload.gzip && acceptsGzip(headers['accept-encoding'])) {
      return sendRaw(res, 200, format === 'json' ? JSON_GZIP_HEADERS : XML_GZIP_HEADERS, payload.gzip);
    }
    sendRaw(res, 200, format === 'json' ? JSON_HEADERS : XML_HEADERS, payload.body);
  }

  private keyFor(entity: CacheEntity, name: string, format: WireFormat, accept: AcceptForm): CacheKey {
    if (entity === 'apps' || entity === 'delta') return this.cache.hotKeys.get(entity, format, accept);
    return cacheKey(entity, name, format, accept);
  }
}

