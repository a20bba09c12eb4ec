import { toLintJson } from '@circuit-studio/analysis';
import { listNodeTypes, type NodeTypeSpec, parseCircuit, resolveConfig } from '@circuit-studio/model';
import type { FastifyInstance } from 'fastify';

import { CircuitRejectedError, checkDeploy, lintDocument } from './circuit-checks.js';
import type { CircuitStore } from './circuit-store.js';
import { ServerError } from './errors.js';
import type { RunRegistry } from './run-registry.js';

export interface ApiRouteOptions {
  store: CircuitStore;
  registry: RunRegistry;
}

interface NameParams {
  name: string;
}

interface RunParams {
  id: string;
}

/**
 * Returns a catalog entry as JSON: regular expressions become their source text, and the traits
 * function becomes the traits of a node with the default config.
 */
function describeNodeType(spec: NodeTypeSpec) {
  const config = Object.fromEntries(
    Object.entries(spec.config).map(([key, field]) => [
      key,
      'pattern' in field && field.pattern instanceof RegExp ? { ...field, pattern: field.pattern.source } : field,
    ]),
  );
  const traits = spec.traits(resolveConfig({ type: spec.type, config: {} }));
  return { type: spec.type, label: spec.label, description: spec.description, role: spec.role, config, traits };
}

function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ServerError(
      'REQUEST_INVALID',
      `expected a JSON object with ${what} and "Content-Type: application/json"`,
    );
  }
  return body as Record<string, unknown>;
}

/** Registers the REST API under `/api`. */
export function registerApiRoutes(app: FastifyInstance, options: ApiRouteOptions): void {
  const { store, registry } = options;
  const nodeTypes = listNodeTypes().map(describeNodeType);

  app.get('/api/node-types', async () => nodeTypes);

  app.post('/api/lint', async (request, reply) => {
    const outcome = lintDocument(requireObject(request.body, 'the circuit document'));
    if (!outcome.ok) {
      return reply.code(400).send({ errors: outcome.errors });
    }
    return toLintJson(outcome.result);
  });

  app.get('/api/circuits', async () => store.list());

  app.get<{ Params: NameParams }>('/api/circuits/:name', async (request, reply) => {
    const text = await store.read(request.params.name);
    return reply.type('application/json; charset=utf-8').send(text);
  });

  app.put<{ Params: NameParams }>('/api/circuits/:name', async (request, reply) => {
    const document = requireObject(request.body, 'the circuit document');
    // Only the shape is checked: a circuit with config errors or findings may still be saved and edited.
    const parsed = parseCircuit(document);
    if (!parsed.ok) {
      return reply.code(400).send({ errors: parsed.errors.map(({ path, message }) => ({ path, message })) });
    }
    await store.write(request.params.name, document);
    request.log.info({ circuit: request.params.name }, 'circuit saved');
    return { name: request.params.name };
  });

  app.delete<{ Params: NameParams }>('/api/circuits/:name', async (request, reply) => {
    await store.remove(request.params.name);
    request.log.info({ circuit: request.params.name }, 'circuit deleted');
    return reply.code(204).send();
  });

  app.get('/api/runs', async () => registry.list());

  app.post('/api/runs', async (request, reply) => {
    const body = requireObject(request.body, '"circuit" (the circuit document) and optionally "force": true');
    if (body.force !== undefined && typeof body.force !== 'boolean') {
      throw new ServerError('REQUEST_INVALID', `"force" must be true or false, found ${JSON.stringify(body.force)}`);
    }
    if (body.circuit === undefined) {
      throw new ServerError('REQUEST_INVALID', 'missing "circuit": send { "circuit": CIRCUIT, "force"?: true }');
    }
    const check = checkDeploy(body.circuit, body.force === true);
    if (!check.ok) {
      return 'errors' in check
        ? reply.code(400).send({ errors: check.errors })
        : reply.code(422).send({ findings: check.findings });
    }
    try {
      const runId = await registry.deploy(check.circuit);
      return reply.code(201).send({ runId });
    } catch (error) {
      // The registry has logged why the runtime rejected the circuit.
      if (error instanceof CircuitRejectedError) return reply.code(400).send({ errors: error.errors });
      throw error;
    }
  });

  app.get<{ Params: RunParams }>('/api/runs/:id', async (request) => registry.details(request.params.id));

  app.delete<{ Params: RunParams }>('/api/runs/:id', async (request) => {
    const report = await registry.stop(request.params.id);
    return { ...registry.details(request.params.id), report };
  });
}
