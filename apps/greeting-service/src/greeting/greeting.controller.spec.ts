import { EurekaRegistration } from '@nest-eureka/client';
import { GreetingController } from './greeting.controller';

describe('GreetingController', () => {
  const controller = new GreetingController({ instanceId: '127.0.0.1:greeting-service:8081' } as EurekaRegistration);

  it('greets by name and says which instance answered', () => {
    expect(controller.greet('Ada')).toEqual({ message: 'Hello, Ada!', instanceId: '127.0.0.1:greeting-service:8081' });
  });

  it('greets the World without a name, and trims long names', () => {
    expect(controller.greet().message).toBe('Hello, World!');
    expect(controller.greet('  ').message).toBe('Hello, World!');
    expect(controller.greet('x'.repeat(500)).message).toHaveLength('Hello, !'.length + 100);
  });
});
