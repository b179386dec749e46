// `@nest-eureka/protocol/testing`: builders for tests of code that handles Eureka instances.
export { sampleInstance } from './sample-instance';
