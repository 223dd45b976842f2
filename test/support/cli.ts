import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/config';

/** The built CLI, run as its own process (what an operator runs; what SIGKILL and SIGTERM hit). */
export const CLI = join(projectRoot, 'dist', 'cli', 'main.js');

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  return spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

export const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

/** Runs the CLI to its end; throws with its output when it fails. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const child = spawnCli(args, env);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const { code } = await exited(child);
  if (code !== 0) throw new Error(`attack-kg ${args.join(' ')} exited ${code}:\n${output}`);
  return output;
}

/** `attack-kg serve --port 0` in its own process, once it says where it listens. */
export async function spawnServer(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawnCli(['serve', '--port', '0'], env);
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d;
      const match = /GraphQL ready at (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What `main(argv)` prints in each test of the calling suite: stderr, and console.log lines
 * (registers its own beforeEach and afterEach). stderr is not a terminal unless `tty` says so
 * (then 160 columns wide), whatever the terminal jest runs in: the CLI draws progress on a
 * terminal only (cli/progress.ts).
 */
export function captureCliOutput(options: { tty?: boolean } = {}): { stderr: string; stdout: string } {
  const out = { stderr: '', stdout: '' };
  const saved = (['isTTY', 'columns'] as const).map((key) => [key, Object.getOwnPropertyDescriptor(process.stderr, key)] as const);
  beforeEach(() => {
    out.stderr = '';
    out.stdout = '';
    Object.defineProperty(process.stderr, 'isTTY', { value: options.tty ?? false, configurable: true, writable: true });
    Object.defineProperty(process.stderr, 'columns', { value: options.tty ? 160 : undefined, configurable: true, writable: true });
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((out.stderr += String(chunk)), true));
    jest.spyOn(console, 'log').mockImplementation((...args) => void (out.stdout += `${args.join(' ')}\n`));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(process.stderr, key, descriptor);
      else delete (process.stderr as unknown as Record<string, unknown>)[key];
    }
  });
  return out;
}

const ERASE_TO_END = '\x1b[K';

/** The progress lines drawn in what was written to a terminal: each rewrite of the one line, without its control codes. */
export const drawnLines = (output: string) =>
  output
    .split('\r')
    .map((l) => (l.endsWith(ERASE_TO_END) ? l.slice(0, -ERASE_TO_END.length) : l))
    .filter(Boolean);
