import { ServiceUnavailableException } from '@nestjs/common';
import { GreetController } from './greet.controller';
import { GreetingClient } from './greeting.client';

describe('GreetController', () => {
  it('answers with the greeting and the instance that served it', async () => {
    const client = { greet: async (name: string) => ({ message: `Hello, ${name}!`, instanceId: 'i-1' }) } as GreetingClient;
    await expect(new GreetController(client).greet(' Ada ')).resolves.toEqual({ greeting: 'Hello, Ada!', servedBy: 'i-1' });
  });

  it('answers 503, saying why, when no greeting-service instance could answer', async () => {
    const client = {
      greet: async () => {
        throw new Error('no UP instance of application GREETING-SERVICE in the Eureka registry');
      },
    } as unknown as GreetingClient;
    const answer = new GreetController(client).greet();
    await expect(answer).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(answer).rejects.toThrow('GREETING-SERVICE could not answer: no UP instance of application GREETING-SERVICE in the Eureka registry');
  });
});
