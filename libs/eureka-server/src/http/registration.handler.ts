import { HttpException, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import {
  CodecError,
  InstanceInfo,
  decodeInstanceJson,
  decodeInstanceXml,
  escapeXmlText,
  validateRegistration,
} from '@nest-eureka/protocol';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { LimitViolationLog, clientAddressOf } from '../limits/limit-violation.log';
import { checkRegistrationLimits } from '../limits/registration-limits';
import { InstanceRegistry } from '../registry/instance-registry';
import { normalizeRegistration } from '../registry/registration-normalizer';
import { BodyMediaType, parseBodyMediaType } from '../web/content-negotiation';
import { RawResponse, TEXT_PLAIN, sendEmpty, sendRaw } from '../web/raw-response';
import { BodyCarrier, decodeContentEncoding, readRequestBody } from '../web/request-body.reader';

const PARSE_FAILURE = 'cannot parse request body';

/**
 * `POST apps/{app}` (spec §3.4, §15): media type (415), size (413), decode (400 in the
 * reference's error shape, with the field named), validation (400 with the reference's text),
 * then the size limits (400 naming the limit and the field), then one registry call. A rejected
 * request changes nothing.
 */
@Injectable()
export class RegistrationHandler {
  /** Limit violations, logged once per client address. */
  private readonly violations = new LimitViolationLog();

  constructor(
    private readonly registry: InstanceRegistry,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
  ) {}

  async handle(
    pathApp: string,
    contentType: string | undefined,
    fromPeer: boolean,
    req: BodyCarrier,
    res: RawResponse,
  ): Promise<void> {
    const media = parseBodyMediaType(contentType);
    if (!media) {
      return sendRaw(res, 415, TEXT_PLAIN, `Content-Type must be application/json or application/xml (charset UTF-8 or ISO-8859-1), got ${JSON.stringify(contentType ?? '')}`);
    }
    let bytes: Buffer;
    try {
      bytes = await readRequestBody(req, this.options.maxRequestBodyBytes);
      bytes = await decodeContentEncoding(bytes, (req as { headers?: IncomingHttpHeaders }).headers?.['content-encoding'], this.options.maxRequestBodyBytes);
    } catch (error) {
      if (error instanceof HttpException) return sendRaw(res, error.getStatus(), TEXT_PLAIN, error.message);
      throw error;
    }
    let info: InstanceInfo;
    try {
      const text = bytes.toString(media.charset);
      info = media.format === 'json' ? decodeInstanceJson(text) : decodeInstanceXml(text);
    } catch (error) {
      if (error instanceof CodecError) return sendParseError(res, media, contentType!, error.message);
      throw error;
    }
    normalizeRegistration(info);
    const invalid = validateRegistration(info, pathApp);
    if (invalid) return sendRaw(res, 400, TEXT_PLAIN, invalid);
    const violation = checkRegistrationLimits(info, this.options);
    if (violation) {
      this.violations.report(clientAddressOf(req), violation.message);
      return sendRaw(res, 400, TEXT_PLAIN, violation.message);
    }
    this.registry.register(info, fromPeer);
    sendEmpty(res, 204);
  }
}

/**
 * The reference's 400 shapes (spec §2.3): JSON `{"error": "..."}` only when the request type is
 * exactly `application/json`, otherwise `<error><message>...</message></error>`; the content type
 * echoes the request's media type. The message adds what was wrong and where.
 */
function sendParseError(res: RawResponse, media: BodyMediaType, contentType: string, detail: string): void {
  const message = `${PARSE_FAILURE}: ${detail}`;
  if (media.exactJson) {
    return sendRaw(res, 400, { 'content-type': 'application/json' }, `{"error": ${JSON.stringify(message)}}`);
  }
  const mediaType = contentType.split(';')[0].trim();
  sendRaw(res, 400, { 'content-type': mediaType }, `<error><message>${escapeXmlText(message)}</message></error>`);
}
