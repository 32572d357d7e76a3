import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A server process started by the benchmark, whose CPU time can be asked for at any moment. */
export interface MeasuredServer {
  url: string;
  pid: number;
  /** The process's CPU time so far, in microseconds, from process.cpuUsage() inside it. */
  cpuMicros(): Promise<{ user: number; system: number }>;
  stop(): Promise<void>;
}

const probe = path.join(__dirname, 'cpuProbe.cjs');

/** Starts `node -r cpuProbe <args>` and waits for `ready` to match its output (group 1: the base URL). */
export async function startMeasured(args: string[], env: Record<string, string>, ready: RegExp): Promise<MeasuredServer> {
  const child: ChildProcess = spawn(process.execPath, ['-r', probe, ...args], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = ready.exec(output);
      if (m?.[1]) {
        // Logs keep coming (one line a request): read and dropped, as a log shipper would.
        child.stdout?.off('data', onData);
        child.stdout?.on('data', () => undefined);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    pid: child.pid ?? 0,
    cpuMicros: () =>
      new Promise((resolve) => {
        child.once('message', (m: { cpu: { user: number; system: number } }) => resolve(m.cpu));
        child.send('cpu');
      }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The portal as in production (node dist/src/server.js, NODE_ENV=production, logs on) on a prepared database. */
export function startPortalMeasured(databaseFile: string, uploadDir: string, env: Record<string, string> = {}): Promise<MeasuredServer> {
  return startMeasured(
    // To profile the portal under the benchmark's load: BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    [...(process.env.BENCH_PORTAL_NODE_ARGS ?? '').split(' ').filter(Boolean), 'dist/src/server.js'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_FILE: databaseFile,
      UPLOAD_DIR: uploadDir,
      NODE_ENV: 'production',
      ...env,
    },
    /OpenPA is running at (http:\/\/[^\s/]+)\//,
  );
}

/**
 * The least a signed-in page can cost: the portal's answer and signed-in page middleware alone, in front
 * of the baseline's small page (bench/floorServer.cjs), on the portal's database with its session secret.
 */
export function startSignedInFloor(database: string, sessionSecret: string): Promise<MeasuredServer> {
  const where: Record<string, string> = /^postgres(ql)?:/.test(database) ? { DATABASE_URL: database } : { DATABASE_FILE: database };
  return startMeasured(['bench/floorServer.cjs'], { ...where, SESSION_SECRET: sessionSecret, NODE_ENV: 'production' }, /PORT (http:\/\/[^\s/]+)/);
}

/** The floor every figure is compared with: a bare Express route sending a small page, in its own process. */
export function startBareExpress(): Promise<MeasuredServer> {
  const code = "const e=require('express');const a=e();a.get('/',(q,r)=>r.send('<!DOCTYPE html><title>ok</title><p>ok</p>'));const s=a.listen(0,'127.0.0.1',()=>console.log('PORT http://127.0.0.1:'+s.address().port));";
  return startMeasured(['-e', code], {}, /PORT (http:\/\/[^\s/]+)/);
}
