import { existsSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Where `npx vite build --config tests/demo-console/vite.config.ts` writes the pages. */
export const DEMO_DIST = resolve(import.meta.dirname, '../../.output/demo-console');
export const BUILD_COMMAND = 'npx vite build --config tests/demo-console/vite.config.ts';

/** The strict policy of /demo/generic/csp/: no inline script or style, no plugins, frames from self only. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; frame-src 'self'";

/**
 * Serves the built demo consoles on node:http, 127.0.0.1 and a random free port
 * by default. Builds nothing: run the build command first.
 */
export async function startDemoServer(opts: { port?: number; host?: string } = {}): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(resolve(DEMO_DIST, 'index.html'))) {
    throw new Error(`Demo console is not built (${DEMO_DIST} is missing). Run: ${BUILD_COMMAND}`);
  }
  const host = opts.host ?? '127.0.0.1';
  // dev: look files up on every request, so a rebuild while the server runs is picked up.
  const serve = sirv(DEMO_DIST, { dev: true, extensions: ['html'] });
  const notFound = (res: ServerResponse) => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found');
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // The landing page lives at /; /demo and /demo/ lead there too.
    if (path === '/demo' || path === '/demo/') {
      res.writeHead(302, { Location: '/' }).end();
      return;
    }
    if (path === '/demo/generic/csp' || path.startsWith('/demo/generic/csp/')) {
      res.setHeader('Content-Security-Policy', STRICT_CSP);
    }
    res.setHeader('Cache-Control', 'no-store');
    serve(req, res, () => notFound(res));
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}

// CLI: `npx tsx tests/demo-console/server.ts` (PORT env, default 5178).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await startDemoServer({ port: Number(process.env.PORT ?? 5178) });
  console.log(`Demo consoles: ${server.url}/`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
