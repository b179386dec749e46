// Nest 12 ships ESM only: swc transpiles our TypeScript and @nestjs/* JavaScript to CommonJS for jest.
const swcTs = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTs, '^.+\\.m?js$': swcJs },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|strtok3|token-types|@tokenizer|uint8array-extras)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // Inside the repository the packages are imported by name and tested from their sources.
  moduleNameMapper: {
    '^@nest-eureka/protocol$': '<rootDir>/libs/eureka-protocol/src/index.ts',
    '^@nest-eureka/protocol/testing$': '<rootDir>/libs/eureka-protocol/src/testing/index.ts',
    '^@nest-eureka/server$': '<rootDir>/libs/eureka-server/src/index.ts',
    '^@nest-eureka/server/testing$': '<rootDir>/libs/eureka-server/src/testing/index.ts',
    '^@nest-eureka/client$': '<rootDir>/libs/eureka-client/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/libs/[^/]+/dist/', '<rootDir>/apps/[^/]+/dist/'],
};
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts', '<rootDir>/libs/*/test/**/*.e2e-spec.ts'] },
  ],
};
