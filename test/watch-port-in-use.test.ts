/**
 * `gazette watch` on a port another program holds: one error naming the port,
 * exit 2, before anything is built (no destination, no cache) and without
 * the "stopped during a rebuild" line a build cut short prints.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertBuilt, BIN, cleanTemp, copyFixture, runCli } from './helpers/site.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let holder: net.Server;
let port: number;

beforeAll(async () => {
  assertBuilt();
  holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  cleanTemp();
});

describe('gazette watch on a port in use', () => {
  it('prints one error, exits 2, and builds nothing', async () => {
    const source = await copyFixture('cli');
    const destination = path.join(path.dirname(source), 'out');
    const { status, stdout, stderr } = runCli(['watch', '-s', source, '-d', destination, '--port', String(port)], { timeout: 60_000 });
    expect(stderr).toBe(`gazette: port ${port} is already in use; pass --port N, or --port 0 for any free one\n`);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(existsSync(destination)).toBe(false);
    expect(existsSync(path.join(source, '.gazette-cache'))).toBe(false);
  });

  it('--no-serve does not need the port: it builds and watches', async () => {
    const source = await copyFixture('cli');
    const destination = path.join(path.dirname(source), 'out');
    const child = spawn(process.execPath, [BIN, 'watch', '-s', source, '-d', destination, '--port', String(port), '--no-serve'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    // Watching starts once the first build is written; then Ctrl-C ends it.
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (/^watching /m.test(stderr)) resolve();
      });
      child.once('exit', () => reject(new Error(`watch exited before watching:\n${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('already in use');
    expect(existsSync(path.join(destination, 'index.html'))).toBe(true);
  });
});
