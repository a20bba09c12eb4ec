import { existsSync } from 'node:fs';
import path from 'node:path';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const MISSING_BUILD_TEXT = [
  'Circuit Studio: the web app is not built.',
  '',
  'Run `npm run build` in the repository root, then restart the server.',
  '',
].join('\n');

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url.startsWith('/ws');
}

/**
 * Serves the built web app from `webDir`. A GET for a page path that is not a file returns
 * `index.html`, so client-side routes survive a reload. When the build is missing, `/` returns a text
 * with the command that builds it.
 */
export async function registerWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const built = existsSync(path.join(webDir, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/' });
  } else {
    app.log.warn({ webDir }, 'web app build not found; / explains how to build it');
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(MISSING_BUILD_TEXT));
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const wantsPage =
      request.method === 'GET' && !isApiPath(request.url) && request.headers.accept?.includes('text/html');
    if (built && wantsPage) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({
      statusCode: 404,
      code: 'NOT_FOUND',
      error: 'Not Found',
      message: `no route for ${request.method} ${request.url.split('?')[0]}`,
    });
  });
}
