import { DiscoveryClient, EurekaHttpService } from '@nest-eureka/client';
import { GreetingClient } from './greeting.client';

describe('GreetingClient', () => {
  it('calls greeting-service by name', async () => {
    const get = jest.fn(async () => ({ data: { message: 'Hello, Ada!', instanceId: 'i-1' } }));
    const client = new GreetingClient({ get } as unknown as EurekaHttpService, { hasApplication: () => true } as unknown as DiscoveryClient);
    await expect(client.greet('Ada')).resolves.toEqual({ message: 'Hello, Ada!', instanceId: 'i-1' });
    expect(get).toHaveBeenCalledWith('http://GREETING-SERVICE/greeting', { params: { name: 'Ada' }, timeout: 2000 });
  });

  it('does not send the call anywhere while greeting-service is not in the fetched registry', async () => {
    const get = jest.fn();
    const client = new GreetingClient({ get } as unknown as EurekaHttpService, { hasApplication: () => false } as unknown as DiscoveryClient);
    await expect(client.greet('Ada')).rejects.toThrow("GREETING-SERVICE is not in this service's copy of the registry (yet)");
    expect(get).not.toHaveBeenCalled();
  });
});
