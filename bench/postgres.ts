/**
 * A PostgreSQL database for a benchmark: a new database on the cluster of DATABASE_URL (the role needs
 * CREATEDB, as for `npm run test:postgres`), or, when DATABASE_URL is unset, on a throwaway cluster
 * started here the way scripts/test-postgres.sh starts the tests' one (initdb as an unprivileged user,
 * a free local port, a private socket folder), with PostgreSQL's default durability, so that figures
 * are those of a real server. Either way the database (and the cluster) is removed by stop().
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { newClusterDatabase } from '../test/helpers/testDatabase';

export interface BenchPostgres {
  /** The new database's address. */
  url: string;
  /** Where it runs, for the printed table. */
  label: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, 'bin') : undefined;
}

async function throwawayCluster(): Promise<{ clusterUrl: string; label: string; stop(): void }> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL is not installed: install Debian's package (apt-get install postgresql) or set DATABASE_URL=postgres://... to a cluster where the role may create databases");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-bench-pg-'));
  fs.chmodSync(work, 0o755);
  fs.mkdirSync(path.join(work, 'socket'));
  // initdb and postgres refuse to run as root: as root, the cluster belongs to the package's postgres user.
  const asOwner = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  if (asOwner.length > 0) execFileSync('chown', ['-R', 'postgres', work]);
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = [...asOwner, path.join(bin, program), ...args];
    execFileSync(command ?? '', rest, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const port = await freePort();
  run('initdb', ['-D', path.join(work, 'data'), '-U', 'openpa', '--auth=trust', '--encoding=UTF8', '--locale=C']);
  run('pg_ctl', ['-D', path.join(work, 'data'), '-l', path.join(work, 'postgres.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${path.join(work, 'socket')}`, 'start']);
  const version = execFileSync(path.join(bin, 'postgres'), ['--version']).toString().trim().split(' ').pop();
  return {
    clusterUrl: `postgres://openpa@127.0.0.1:${port}/postgres`,
    label: `throwaway PostgreSQL ${version} on 127.0.0.1:${port}`,
    stop() {
      try {
        run('pg_ctl', ['-D', path.join(work, 'data'), '-m', 'fast', 'stop']);
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
  };
}

export async function benchPostgres(databaseUrl: string | undefined): Promise<BenchPostgres> {
  const cluster = databaseUrl ? { clusterUrl: databaseUrl, label: 'DATABASE_URL', stop: () => undefined } : await throwawayCluster();
  let database;
  try {
    database = await newClusterDatabase(cluster.clusterUrl);
  } catch (err) {
    cluster.stop();
    throw err;
  }
  return {
    url: database.location,
    label: cluster.label,
    async stop() {
      try {
        await database.remove();
      } finally {
        cluster.stop();
      }
    },
  };
}
