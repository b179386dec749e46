import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ServerHealthController } from './server-health.controller';
import { RateLimitedHealthLogger } from './rate-limited-health.logger';
import { ServerHealthIndicators } from './server-health.indicators';

/** `/health` of the standalone server. */
@Module({})
export class ServerHealthModule {
  /** Health of the server that `serverModule` (the very `EurekaServerModule.forRoot(...)` the app imports) runs. */
  static forServer(serverModule: DynamicModule): DynamicModule {
    return {
      module: ServerHealthModule,
      imports: [serverModule, TerminusModule.forRoot({ logger: RateLimitedHealthLogger, errorLogStyle: 'json' })],
      controllers: [ServerHealthController],
      providers: [ServerHealthIndicators],
    };
  }
}
