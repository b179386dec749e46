import { Controller, Get, Headers, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { encodeBareInstanceJson, encodeInstanceXml, escapeXmlText } from '@nest-eureka/protocol';
import { Clock } from '../clock/clock';
import { EurekaServerOptions } from '../config/eureka-server.options';
import { EUREKA_API_PATHS } from '../eureka-server.constants';
import { InjectServerOptions } from '../eureka-server.options.provider';
import { InstanceRegistry } from '../registry/instance-registry';
import { PeerReplication } from '../replication/peer-replication.service';
import { listeningPort, serverInstanceInfo } from '../status/server-identity';
import { serverStatusFigures } from '../status/server-status';
import { contentTypeOf, negotiateFormat } from '../web/content-negotiation';
import { RawResponse, sendEmpty, sendRaw } from '../web/raw-response';

/**
 * `GET {B}/status` (spec §3.15). XML root `<status>` (the reference most likely leaks a Java class
 * name there; no client reads it); JSON mirrors the same keys.
 */
@Controller(EUREKA_API_PATHS)
export class ServerStatusController {
  constructor(
    private readonly registry: InstanceRegistry,
    private readonly clock: Clock,
    private readonly replication: PeerReplication,
    @InjectServerOptions() private readonly options: EurekaServerOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get('status')
  status(@Headers('accept') accept: string | undefined, @Res() res: RawResponse): void {
    const format = negotiateFormat(accept);
    if (!format) return sendEmpty(res, 406);
    const now = this.clock.now();
    const started = this.registry.startedAt || now;
    const replicas = this.replication.peers.map((node) => ({ url: node.displayUrl, reachable: node.stats().reachable }));
    const figures = serverStatusFigures(this.options.environment, now - started, replicas);
    const self = serverInstanceInfo(now, listeningPort(this.adapterHost));
    const body =
      format === 'json'
        ? `{"generalStats":${JSON.stringify(figures.generalStats)},"applicationStats":${JSON.stringify(figures.applicationStats)},"instanceInfo":${encodeBareInstanceJson(self)}}`
        : [
            '<status>',
            xmlMap('generalStats', figures.generalStats),
            xmlMap('applicationStats', figures.applicationStats),
            encodeInstanceXml(self)
              .replace(/^<instance>/, '<instanceInfo>')
              .replace(/<\/instance>$/, '</instanceInfo>')
              .replace(/^/gm, '  '),
            '</status>',
          ].join('\n');
    sendRaw(res, 200, { 'content-type': contentTypeOf(format) }, body);
  }
}

function xmlMap(name: string, map: Record<string, string>): string {
  const lines = Object.entries(map).map(([key, value]) => `    <${key}>${escapeXmlText(value)}</${key}>`);
  return [`  <${name}>`, ...lines, `  </${name}>`].join('\n');
}
