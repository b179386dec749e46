import { Injectable } from '@nestjs/common';
import { DiscoveryClient, EurekaHttpService } from '@nest-eureka/client';

/** The application this consumer calls, by its registry name. */
export const PROVIDER_APP = 'GREETING-SERVICE';

/** What greeting-service answers on `GET /greeting`. */
export interface Greeting {
  message: string;
  /** The instance that answered. */
  instanceId: string | null;
}

export interface ProviderInstance {
  instanceId: string;
  status: string;
  url: string;
}

/** greeting-service, reached by name: no host or port is configured here. */
@Injectable()
export class GreetingClient {
  constructor(
    private readonly http: EurekaHttpService,
    private readonly discovery: DiscoveryClient,
  ) {}

  /**
   * `http://GREETING-SERVICE/greeting`: the client picks an UP instance (round robin) and tries
   * another one when the first cannot be reached. Rejects when there is no UP instance.
   */
  async greet(name: string): Promise<Greeting> {
    // EurekaHttpService sends a URL whose host is not a registry application as it is (to DNS):
    // before the first fetch has brought greeting-service, say so instead.
    if (!this.discovery.hasApplication(PROVIDER_APP)) throw new Error(`${PROVIDER_APP} is not in this service's copy of the registry (yet)`);
    const response = await this.http.get<Greeting>(`http://${PROVIDER_APP}/greeting`, { params: { name }, timeout: 2000 });
    return response.data;
  }

  /** The greeting-service instances this consumer would call (UP only), from its copy of the registry. */
  instances(): ProviderInstance[] {
    return this.discovery.getInstancesByAppId(PROVIDER_APP).map((info) => ({
      instanceId: info.instanceId ?? info.hostName,
      status: info.status,
      url: `http://${info.hostName}:${info.port.port}/`,
    }));
  }
}
