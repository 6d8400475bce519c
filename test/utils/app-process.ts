import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port, for a child process that needs one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  child: ChildProcess;
  /** stdout and stderr, interleaved as they arrived. */
  output: () => string;
  stderr: () => string;
  /** Resolves when the process has ended, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the output contains `text`, rejects when the process exits first or time runs out. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Stops the process; resolves with how it ended (Nest re-raises the signal after a graceful close). */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The settings a child process shares with this test run: its database, Redis prefix and secrets. */
const RUN_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_PREFIX',
  'API_KEY_PEPPER',
  'ENCRYPTION_KEY',
  'DATA_DIR',
  'BOOTSTRAP_API_KEY',
];

export function runEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return { ...Object.fromEntries(RUN_SETTINGS.map((k) => [k, process.env[k]])), ...extra };
}

/** Runs the built service (`dist/main.js`, built by `npm run test:e2e`), without npm's start flags. */
export function startAppProcess(env: Record<string, string | undefined>): AppProcess {
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // 'close' rather than 'exit': by then everything the process wrote has been read.
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    exited,
    waitFor(text, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const matches = () =>
          typeof text === 'string' ? output.includes(text) : text.test(output);
        const timer = setInterval(() => {
          if (matches()) {
            clearInterval(timer);
            resolve(output);
          } else if (child.exitCode !== null || Date.now() > deadline) {
            clearInterval(timer);
            reject(
              new Error(
                `Process ${child.exitCode !== null ? 'exited' : 'timed out'} before printing ${String(text)}:\n${output}`,
              ),
            );
          }
        }, 50);
        const deadline = Date.now() + timeoutMs;
      });
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
