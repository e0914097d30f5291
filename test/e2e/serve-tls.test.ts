/**
 * Off loopback, kube-scheduler reaches the extender over TLS with a client certificate (it cannot send a bearer
 * token), and the REST API asks for the bearer token. Certificates are made by Debian's openssl for each run:
 * a CA, a server certificate for 127.0.0.1, a client certificate the CA signed, and one it did not.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createPolicy } from '../../src/policies/registry.js';
import { buildApp } from '../../src/server/app.js';
import { tempDir } from '../support/cli.js';
import { startServe } from '../support/serve-process.js';

const TOKEN = 'tls-test-token-0123456789';
let dir: string;
let app: FastifyInstance;
let base: string;
const file = (name: string): Buffer => readFileSync(join(dir, name));

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A key and a certificate for `cn`, signed by `signer` (a CA name) . */
function issue(name: string, cn: string, signer: string, ext: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${cn}`,
  );
  execFileSync('sh', ['-c', `printf '%s\\n' '${ext}' > ${name}.ext`], { cwd: dir });
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${signer}.crt`,
    '-CAkey',
    `${signer}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  );
}

beforeAll(async () => {
  dir = tempDir('hyperfleet-tls-');
  for (const ca of ['ca', 'rogue-ca']) {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${ca}.key`,
      '-out',
      `${ca}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`,
    );
  }
  issue('server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1');
  issue('scheduler', 'kube-scheduler', 'ca', 'extendedKeyUsage=clientAuth');
  issue('stranger', 'kube-scheduler', 'rogue-ca', 'extendedKeyUsage=clientAuth');
  app = buildApp({
    nodes: [{ name: 'n1', cpuMilli: 32000, memMiB: 65536, gpuCount: 2, gpuModel: 'T4' }],
    policy: createPolicy('bestfit'),
    token: TOKEN,
    tls: { key: file('server.key'), cert: file('server.crt'), ca: file('ca.crt') },
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
});

function call(
  path: string,
  body: unknown,
  opts: { client?: 'scheduler' | 'stranger'; token?: string } = {},
): Promise<{ status: number; body: { error?: string; NodeNames?: string[] } }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        ca: file('ca.crt'),
        ...(opts.client ? { cert: file(`${opts.client}.crt`), key: file(`${opts.client}.key`) } : {}),
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const FILTER = {
  Pod: {
    metadata: { name: 'p', namespace: 'ml', uid: 'u1' },
    spec: { containers: [{ resources: { requests: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' } } }] },
  },
  NodeNames: ['n1'],
};

describe('serve over TLS', () => {
  it('answers the extender only with a client certificate the CA signed', async () => {
    expect(base).toMatch(/^https:/);
    const ok = await call('/extender/filter', FILTER, { client: 'scheduler' });
    expect(ok.status).toBe(200);
    expect(ok.body.NodeNames).toEqual(['n1']);
    for (const client of [undefined, 'stranger'] as const) {
      const refused = await call(
        '/extender/filter',
        { ...FILTER, Pod: { ...FILTER.Pod, metadata: { ...FILTER.Pod.metadata, uid: 'u2' } } },
        { client },
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatch(/client certificate signed by the configured CA/);
    }
    expect(app.live.reservationCount).toBe(1);
  });

  it('asks the REST API for the bearer token, not for a certificate', async () => {
    const body = { nodes: [{ name: 'n2', gpuCount: 0, cpuMilli: 1000, memMiB: 1024 }] };
    expect((await call('/v1/nodes', body)).status).toBe(401);
    expect((await call('/v1/nodes', body, { token: 'wrong-token-000000000' })).status).toBe(403);
    expect((await call('/v1/nodes', body, { token: TOKEN })).status).toBe(201);
  });

  it('the CLI starts beyond loopback with token, certificate and client CA', async () => {
    const serve = await startServe([
      '--host',
      '0.0.0.0',
      '--policy',
      'bestfit',
      '--db',
      ':memory:',
      '--token',
      TOKEN,
      '--tls-cert',
      join(dir, 'server.crt'),
      '--tls-key',
      join(dir, 'server.key'),
      '--client-ca',
      join(dir, 'ca.crt'),
    ]);
    try {
      expect(serve.address).toMatch(/^https:\/\//);
    } finally {
      expect(await serve.stop('SIGTERM')).toBe(0);
    }
  });
});
