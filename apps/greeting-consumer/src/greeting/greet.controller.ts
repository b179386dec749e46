import { Controller, Get, Query, ServiceUnavailableException } from '@nestjs/common';
import { GreetingClient, ProviderInstance, PROVIDER_APP } from './greeting.client';

export interface GreetResult {
  greeting: string;
  /** The greeting-service instance that answered. */
  servedBy: string | null;
}

@Controller('greet')
export class GreetController {
  constructor(private readonly greetings: GreetingClient) {}

  /** Asks greeting-service (by name) for a greeting; 503 when no instance could answer. */
  @Get()
  async greet(@Query('name') name?: string): Promise<GreetResult> {
    try {
      const greeting = await this.greetings.greet(name?.trim() || 'World');
      return { greeting: greeting.message, servedBy: greeting.instanceId };
    } catch (error) {
      throw new ServiceUnavailableException(`${PROVIDER_APP} could not answer: ${(error as Error).message}`);
    }
  }

  /** The instances calls can go to right now. */
  @Get('instances')
  instances(): ProviderInstance[] {
    return this.greetings.instances();
  }
}
