import { Controller, Get, Query } from '@nestjs/common';
import { EurekaRegistration } from '@nest-eureka/client';

export interface Greeting {
  message: string;
  /** Which instance answered, e.g. `127.0.0.1:greeting-service:8081`. */
  instanceId: string | null;
}

@Controller('greeting')
export class GreetingController {
  constructor(private readonly registration: EurekaRegistration) {}

  @Get()
  greet(@Query('name') name?: string): Greeting {
    const who = name?.trim() ? name.trim().slice(0, 100) : 'World';
    return { message: `Hello, ${who}!`, instanceId: this.registration.instanceId ?? null };
  }
}
