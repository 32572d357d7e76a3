import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Portal {
  url: string;
  dir: string;
  pid: number;
  exitCode(): number | null;
  output(): string;
  stop(): Promise<void>;
  /** Sends a signal without waiting (stop() sends SIGTERM and waits for the exit). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves once the portal has printed `text`. */
  printed(text: string): Promise<void>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

const projectRoot = path.resolve(__dirname, '../../..');

/**
 * Starts the built portal as a clinic would (node dist/src/server.js, after `npm run build` in the
 * global setup), on a fresh database and upload folder in a temporary directory and a free port.
 */
export async function startPortal(env: Record<string, string> = {}, options: { dir?: string; keepDir?: boolean } = {}): Promise<Portal> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-browser-'));
  const child: ChildProcess = spawn(process.execPath, ['dist/src/server.js'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_FILE: path.join(dir, 'openpa.sqlite3'),
      UPLOAD_DIR: path.join(dir, 'uploads'),
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The portal did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /OpenPA is running at (http:\/\/[^\s/]+)\//.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The portal exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dir,
    pid: child.pid ?? 0,
    exitCode: () => child.exitCode,
    output: () => output,
    exited,
    signal: (signal) => void child.kill(signal),
    printed: (text) =>
      new Promise<void>((resolve) => {
        if (output.includes(text)) return resolve();
        const onData = () => {
          if (!output.includes(text)) return;
          child.stdout?.off('data', onData);
          resolve();
        };
        child.stdout?.on('data', onData);
      }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.keepDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
