// Child processes of the local stack: spawned in their own process group, stopped as a group
// (serverless-offline and npx spawn children of their own), line-prefixed output, free ports.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process has exited. */
  exited: Promise<number | string>;
  /** The last lines the process printed, for error messages. */
  recentOutput(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /**
   * Own process group (default true): the whole tree is signalled with `process.kill(-pid)`. Set it
   * to false when a terminal Ctrl-C should reach the child directly (the Jest harness).
   */
  detached?: boolean;
  /** Receives each output line; default: dropped (kept only for `recentOutput`). */
  onLine?: (line: string) => void;
}

/** Spawns `command` with piped output and returns a handle that can stop its whole tree. */
export function startProcess(command: string, args: string[], options: StartOptions = {}): ManagedProcess {
  const detached = options.detached ?? true;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      options.onLine?.(line);
    });
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    // ENOENT and the like: no 'exit' follows.
    child.once('error', (error) => {
      recent.push(error.message);
      resolve(`error: ${error.message}`);
    });
  });

  const signal = (name: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      if (detached) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      // ESRCH: already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      signal('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
      // Always: the leader may be gone while workers it spawned in its group are not.
      signal('SIGKILL');
      if (timedOut) await Promise.race([exited, delay(2_000)]);
    })();
    return stopping;
  };

  return { child, exited, recentOutput: () => recent.join('\n'), stop };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when `port` can be bound on every interface (DynamoDB Local binds 0.0.0.0). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Thrown when a fixed port is already taken; the message says what to do. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
    hint: string,
  ) {
    super(`port ${port} for ${what} is already in use. ${hint}`);
    this.name = 'PortInUseError';
  }
}
