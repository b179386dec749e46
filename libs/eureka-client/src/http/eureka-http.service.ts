import { Injectable } from '@nestjs/common';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import { InstanceInfo, instanceIdOf } from '@nest-eureka/protocol';
import { DiscoveryClient } from '../discovery/discovery-client';
import { AXIOS_MISSING_MESSAGE, tryLoadAxios } from './axios.loader';
import { isConnectionFailure } from './connection-failure';
import { resolveInstanceUrl } from './instance-url.resolver';
import { NoAvailableInstanceError } from './no-available-instance.error';

/** Per-attempt timeout when the call does not set `timeout`. */
export const DEFAULT_EUREKA_HTTP_TIMEOUT_MS = 10_000;
/** Most instances tried for one call. */
export const MAX_EUREKA_HTTP_ATTEMPTS = 3;

const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:\/\//i;

/**
 * HTTP calls by application name on top of axios (an optional peer dependency; without it every
 * call throws an error naming the package): in `http://ORDERS/path` (any case)
 * the host is an application of the registry, replaced by an instance `DiscoveryClient.choose`
 * picks. A connection failure (refused, reset, unreachable, timeout before an answer) moves on to
 * another instance, at most min(instances, 3) attempts, each bounded by `timeout` (default 10 s).
 * HTTP error statuses are returned as axios errors, never retried. URLs whose host is not a known
 * application are sent unchanged (with the same timeout).
 */
@Injectable()
export class EurekaHttpService {
  /** Loaded with the service, so no call pays for loading it; undefined when not installed. */
  private readonly axios: AxiosStatic | undefined = tryLoadAxios();

  constructor(private readonly discovery: DiscoveryClient) {}

  /** The axios instance every call goes through (the package's default instance). */
  get axiosRef(): AxiosInstance {
    return this.loaded();
  }

  async request<T = any, D = any>(config: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    const timeout = config.timeout && config.timeout > 0 ? config.timeout : DEFAULT_EUREKA_HTTP_TIMEOUT_MS;
    const full = absoluteUrl(config);
    const target = full === undefined ? undefined : safeUrl(full);
    const app = target && (target.protocol === 'http:' || target.protocol === 'https:') && this.discovery.hasApplication(target.hostname)
      ? target.hostname.toUpperCase()
      : undefined;
    if (!target || !app) return this.send<T, D>({ ...config, timeout });

    const instances = this.discovery.getInstancesByAppId(app);
    if (instances.length === 0) throw new NoAvailableInstanceError(app);
    const attempts = Math.min(instances.length, MAX_EUREKA_HTTP_ATTEMPTS);
    const tried = new Set<string>();
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const info = this.pick(app, tried);
      if (!info) break;
      tried.add(instanceIdOf(info));
      const url = resolveInstanceUrl(target, info);
      try {
        return await this.send<T, D>({ ...config, url, baseURL: undefined, timeout });
      } catch (error) {
        if (!isConnectionFailure(error) || config.signal?.aborted) throw error;
        lastError = error;
      }
    }
    if (lastError === undefined) throw new NoAvailableInstanceError(app);
    throw lastError;
  }

  get<T = any, D = any>(url: string, config?: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    return this.request<T, D>({ ...config, method: 'GET', url });
  }

  delete<T = any, D = any>(url: string, config?: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    return this.request<T, D>({ ...config, method: 'DELETE', url });
  }

  head<T = any, D = any>(url: string, config?: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    return this.request<T, D>({ ...config, method: 'HEAD', url });
  }

  post<T = any, D = any>(url: string, data?: D, config?: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    return this.request<T, D>({ ...config, method: 'POST', url, data });
  }

  put<T = any, D = any>(url: string, data?: D, config?: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    return this.request<T, D>({ ...config, method: 'PUT', url, data });
  }

  patch<T = any, D = any>(url: string, data?: D, config?: AxiosRequestConfig<D>): Promise<AxiosResponse<T, D>> {
    return this.request<T, D>({ ...config, method: 'PATCH', url, data });
  }

  /** The strategy's pick, or the first visible instance not tried yet when the strategy repeats one. */
  private pick(app: string, tried: ReadonlySet<string>): InstanceInfo | undefined {
    const chosen = this.discovery.choose(app);
    if (chosen && !tried.has(instanceIdOf(chosen))) return chosen;
    return this.discovery.getInstancesByAppId(app).find((info) => !tried.has(instanceIdOf(info)));
  }

  /** One attempt, with a hard deadline on top of axios's own `timeout`. */
  private async send<T, D>(config: AxiosRequestConfig<D> & { timeout: number }): Promise<AxiosResponse<T, D>> {
    // One controller for both the deadline and the caller's signal. Not AbortSignal.any: on Node
    // 20 each call leaves a dependant registered on the caller's signal, and a long-lived signal
    // (one per application, say) would collect one per request.
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, config.timeout);
    const userSignal = config.signal as AbortSignal | undefined;
    const forward = () => deadline.abort(userSignal?.reason);
    if (userSignal?.aborted) forward();
    else userSignal?.addEventListener('abort', forward, { once: true });
    try {
      return await this.loaded().request<T, AxiosResponse<T, D>, D>({ ...config, signal: deadline.signal });
    } catch (error) {
      if (timedOut && !userSignal?.aborted) {
        const { AxiosError } = this.loaded();
        throw new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config as never);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', forward);
    }
  }

  private loaded(): AxiosStatic {
    if (this.axios === undefined) throw new Error(AXIOS_MISSING_MESSAGE);
    return this.axios;
  }
}

function absoluteUrl(config: AxiosRequestConfig): string | undefined {
  const url = config.url ?? '';
  if (ABSOLUTE_URL.test(url)) return url;
  if (config.baseURL && ABSOLUTE_URL.test(config.baseURL)) {
    return url === '' ? config.baseURL : `${config.baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
  }
  return undefined;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
