// `@nest-eureka/server/testing`: a real registry in the test's own process.
export { startEurekaTestServer } from './eureka-test-server';
export type { EurekaTestServer, EurekaTestServerOptions, WaitForInstanceOptions, WaitOptions } from './eureka-test-server';
