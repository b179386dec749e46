/**
 * A real headless Chromium for the dashboard browser tests: Debian's `chromium` package driven by
 * `playwright-core` (never a browser download). When no browser or no `playwright-core` is
 * available, `browserUnavailableReason()` says why and the tests skip with a loud message
 * (`.ci/run` installs Chromium from Debian's packages first, so in CI that only happens when
 * it could not be installed).
 *
 * `playwright-core` is loaded with `require` and typed by the small subset below, so the project
 * still type-checks where the package is not installed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ARTIFACTS_DIR = resolve(__dirname, '..', '..', 'artifacts', 'dashboard');

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags for a closed network and a throw-away profile. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// ---- the part of playwright-core's API the tests use -------------------------------------------
// (The project is type-checked without the DOM library: elements are opaque here.)

/** A DOM element inside a browser callback. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BrowserElement = any;

export interface Locator {
  click(options?: { timeout?: number }): Promise<void>;
  fill(value: string): Promise<void>;
  press(key: string): Promise<void>;
  selectOption(value: string): Promise<unknown>;
  textContent(): Promise<string | null>;
  innerText(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  evaluate<R>(fn: (element: BrowserElement) => R): Promise<R>;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean; level?: number }): Locator;
}

export interface Page {
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' }): Promise<{ status(): number } | null>;
  locator(selector: string): Locator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean; level?: number }): Locator;
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): Locator;
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A, options?: { timeout?: number; polling?: number }): Promise<unknown>;
  waitForURL(url: string | RegExp | ((url: URL) => boolean), options?: { timeout?: number }): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R, arg?: A): Promise<R>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  keyboard: { press(key: string): Promise<void> };
  url(): string;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'dialog', listener: (dialog: { dismiss(): Promise<void> }) => void): void;
  close(): Promise<void>;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      headless: boolean;
      args: string[];
      viewport?: { width: number; height: number };
      timeout?: number;
      httpCredentials?: { username: string; password: string };
    },
  ): Promise<BrowserContext>;
}

// ---- availability ---------------------------------------------------------------------------------

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => typeof p === 'string' && p.length > 0 && existsSync(p));
}

function loadPlaywright(): Chromium | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('playwright-core') as { chromium: Chromium }).chromium;
  } catch {
    return undefined;
  }
}

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserUnavailableReason(): string | undefined {
  if (!chromiumPath()) {
    return `no Chromium found (looked for ${CANDIDATES.filter(Boolean).join(', ')}); install Debian's package: apt-get install -y chromium`;
  }
  if (!loadPlaywright()) return 'the npm package playwright-core is not installed (devDependency)';
  return undefined;
}

/** Prints a banner no one can miss in the jest output. */
export function announceSkip(suite: string, reason: string): void {
  const line = '!'.repeat(100);
  process.stderr.write(`\n${line}\n!!! SKIPPED: ${suite}\n!!! ${reason}\n!!! The dashboard was NOT tested in a browser.\n${line}\n\n`);
}

export interface RunningBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile (removed on close); answers basic-auth prompts with `httpCredentials`. */
export async function launchChromium(
  viewport = { width: 1280, height: 900 },
  httpCredentials?: { username: string; password: string },
): Promise<RunningBrowser> {
  const chromium = loadPlaywright();
  const executablePath = chromiumPath();
  if (!chromium || !executablePath) throw new Error(browserUnavailableReason());
  const profile = mkdtempSync(join(tmpdir(), 'eureka-dashboard-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    timeout: 30_000,
    ...(httpCredentials ? { httpCredentials } : {}),
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
