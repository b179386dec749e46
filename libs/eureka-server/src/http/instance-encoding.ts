import { encodeInstanceJson, encodeInstanceXml } from '@nest-eureka/protocol';
import { Lease } from '../registry/lease';
import { decorateWithLease } from '../registry/registry-documents';
import { contentTypeOf, negotiateFormat } from '../web/content-negotiation';
import { RawResponse, sendEmpty, sendRaw } from '../web/raw-response';

/** Uncached single-instance answer (`GET apps/{app}/{id}`, `GET instances/{id}`, a 409 body). */
export function sendInstance(res: RawResponse, status: number, accept: string | undefined, lease: Lease): void {
  const format = negotiateFormat(accept);
  if (!format) return sendEmpty(res, 406);
  const record = decorateWithLease(lease);
  const body = format === 'json' ? encodeInstanceJson(record) : encodeInstanceXml(record);
  sendRaw(res, status, { 'content-type': contentTypeOf(format) }, body);
}
