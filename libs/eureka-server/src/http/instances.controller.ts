import { Controller, Get, Headers, Param, Put, Res } from '@nestjs/common';
import { EUREKA_API_PATHS } from '../eureka-server.constants';
import { InstanceRegistry } from '../registry/instance-registry';
import { sendInstance } from './instance-encoding';
import { RawResponse, sendEmpty } from '../web/raw-response';

/** `GET instances/{id}` (spec §3.11) and the AWS-only ASG endpoint (spec §3.14). */
@Controller(EUREKA_API_PATHS)
export class InstancesController {
  constructor(private readonly registry: InstanceRegistry) {}

  @Get('instances/:id')
  getById(@Param('id') id: string, @Headers('accept') accept: string | undefined, @Res() res: RawResponse): void {
    const lease = this.registry.findVisibleLeaseById(id);
    if (!lease) return sendEmpty(res, 404);
    sendInstance(res, 200, accept, lease);
  }

  /** This registry is not an AWS registry: the reference answers 400 with an empty body at once. */
  @Put('asg/:asgName/status')
  setAsgStatus(@Res() res: RawResponse): void {
    sendEmpty(res, 400);
  }
}
