import type { AxiosStatic } from 'axios';

/**
 * `axios` is an optional peer dependency: only `EurekaHttpService` needs it, so an application that
 * never calls by name does not install it. Returns undefined when it is not installed.
 */
export function tryLoadAxios(): AxiosStatic | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('axios') as AxiosStatic;
  } catch (error) {
    if (isMissing(error, 'axios')) return undefined;
    throw error;
  }
}

export const AXIOS_MISSING_MESSAGE =
  "EurekaHttpService needs the package 'axios' (an optional peer dependency of @nest-eureka/client): npm install axios";

function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(`'${name}'`);
}
