/**
 * Generates docs/openapi/ledgerline.openapi.json, the OpenAPI 3.1 description of the three APIs,
 * from the JSON Schemas the request validators compile (services/<service>/src/schemas.ts), the
 * problem registry (shared/src/problems.ts) and the services' route manifests (services/<service>/src/routes.ts).
 *
 *   npm run openapi           # write the file
 *   npm run openapi -- --check  # exit 1 when the committed file is out of date (CI)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROBLEM_BASE_URI, problemTypes } from '../../shared/src/problems';
import { runMain } from '../lib/main';
import { repoRoot } from '../lib/repo';
import { service, SERVICES } from '../lib/services';
import { routes, type Route } from '../generate/manifests';
import { extraSchemas, serviceResponseSchemas } from './components';

export const OPENAPI_FILE = resolve(repoRoot, 'docs/openapi/ledgerline.openapi.json');
type Json = Record<string, unknown>;

/**
 * JSON Schema as Ajv compiles it → JSON Schema 2020-12 as OpenAPI 3.1 reads it. The only dialect
 * difference in our schemas: Ajv's `nullable: true` (OpenAPI 3.0 style) becomes a `"null"` type.
 */
export function toOpenApiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApiSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === 'nullable') continue;
    out[key] = toOpenApiSchema(value);
  }
  if ((schema as Json).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

const statusNames: Record<number, string> = {};
for (const [slug, { status }] of Object.entries(problemTypes)) {
  statusNames[status] = statusNames[status] ? `${statusNames[status]}, ${slug}` : slug;
}

function problemResponses(): Json {
  const responses: Json = {};
  for (const status of Object.keys(statusNames)
    .map(Number)
    .sort((a, b) => a - b)) {
    const slugs = Object.entries(problemTypes).filter(([, p]) => p.status === status);
    responses[`Problem${status}`] = {
      description: slugs.map(([slug, p]) => `\`${PROBLEM_BASE_URI}${slug}\`: ${p.title}`).join(' / '),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return responses;
}

function parameters(route: Route): Json[] {
  const params: Json[] = [];
  const from = (where: 'path' | 'query' | 'header', schema: Json | undefined) => {
    if (!schema) return;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((schema.properties as Json | undefined) ?? {})) {
      params.push({
        name:
          where === 'header'
            ? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
            : name,
        in: where,
        required: where === 'path' || required.has(name),
        schema: toOpenApiSchema(property),
      });
    }
  };
  from('path', route.request?.path);
  from('query', route.request?.query);
  from('header', route.request?.headers);
  for (const header of route.headers ?? []) {
    params.push({
      name: header.name,
      in: 'header',
      required: header.required,
      description: header.description,
      schema: header.schema,
    });
  }
  // Path parameters the route has but no schema names (e.g. none today): still declared.
  for (const match of route.path.matchAll(/\{([^}]+)\}/g)) {
    if (!params.some((p) => p.in === 'path' && p.name === match[1])) {
      params.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
  }
  return params;
}

const responseHeaders: Record<string, Json> = {
  Location: { description: 'URL path of the created resource.', schema: { type: 'string' } },
  ETag: {
    description: 'Strong entity tag of the profile (send it back in If-Match).',
    schema: { type: 'string' },
  },
};

function operation(route: Route): Json {
  const responses: Json = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers && {
        headers: Object.fromEntries(response.headers.map((name) => [name, responseHeaders[name]])),
      }),
      ...(response.schema && {
        content: {
          [response.mediaType ?? 'application/json']: {
            schema: { $ref: `#/components/schemas/${response.schema}` },
          },
        },
      }),
    };
  }
  const problems = new Set(route.problems);
  if (route.authorizer !== 'none') [401, 403].forEach((s) => problems.add(s));
  problems.add(500);
  for (const status of [...problems].sort((a, b) => a - b)) {
    if (!(status in responses)) responses[status] = { $ref: `#/components/responses/Problem${status}` };
  }
  const body = route.request?.body;
  const params = parameters(route);
  return {
    operationId: `${route.service}_${route.fn}`,
    tags: [route.service],
    summary: route.summary,
    ...(params.length > 0 && { parameters: params }),
    ...(body && {
      requestBody: {
        required: true,
        content: Object.fromEntries(
          ['application/json', ...(route.bodyMediaTypes ?? [])].map((type) => [
            type,
            { schema: { $ref: `#/components/schemas/${route.bodyName}` } },
          ]),
        ),
      },
    }),
    security: route.authorizer === 'jwt' ? [{ ledgerlineJwt: [] }] : [],
    'x-ledgerline-function': `ledgerline-${route.service}-<stage>-${route.fn}`,
    responses,
  };
}

/** The whole document (deterministic: same inputs, same bytes). */
export function buildOpenApi(): Json {
  const paths: Record<string, Json> = {};
  const schemas: Json = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method] = operation(route);
    if (route.request?.body) {
      if (!route.bodyName) throw new Error(`${route.service}/${route.fn}: bodyName missing`);
      schemas[route.bodyName] = toOpenApiSchema(route.request.body);
    }
  }
  for (const [name, schema] of Object.entries({ ...serviceResponseSchemas, ...extraSchemas })) {
    schemas[name] = toOpenApiSchema(schema);
  }
  schemas.Problem = {
    type: 'object',
    description: 'RFC 9457 problem details (docs/errors.md). Clients switch on `type`.',
    required: ['type', 'title', 'status', 'detail', 'instance'],
    properties: {
      type: {
        type: 'string',
        format: 'uri',
        enum: Object.keys(problemTypes).map((slug) => PROBLEM_BASE_URI + slug),
      },
      title: { type: 'string' },
      status: {
        type: 'integer',
        enum: [...new Set(Object.values(problemTypes).map((p) => p.status))].sort(),
      },
      detail: { type: 'string' },
      instance: { type: 'string', description: 'The request id (also in the x-correlation-id header).' },
      errors: {
        type: 'array',
        description: 'Field-level problems of validation-failed.',
        items: {
          type: 'object',
          required: ['pointer', 'detail'],
          properties: {
            pointer: { type: 'string', description: 'JSON Pointer into the request.' },
            detail: { type: 'string' },
          },
        },
      },
    },
  };
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ledgerline API',
      version: (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string })
        .version,
      description:
        'The auth, transactions and profiles APIs of Ledgerline. GENERATED by scripts/openapi/generate.ts from ' +
        'the JSON Schemas the request validators use (services/*/src/schemas.ts) and the problem registry ' +
        '(shared/src/problems.ts): do not edit; run `npm run openapi`. Every error is `application/problem+json` ' +
        '(docs/errors.md). Through CloudFront the paths are as below; on a regional execute-api host or locally ' +
        '(`npm start`: auth on :3001, transactions on :3002, profiles on :3003) they are prefixed by `/<stage>`.',
    },
    servers: [
      {
        url: 'https://{host}',
        description:
          'The edge (CloudFront): the custom domain, or the api_base_url output of terraform-foundation/edge.',
        variables: { host: { default: 'api.ledgerline.example.com' } },
      },
      {
        url: 'http://127.0.0.1:{port}/{stage}',
        description: 'The local stack (npm start): one port per service.',
        variables: {
          port: {
            default: String(service('transactions').httpPort),
            enum: SERVICES.map((s) => String(s.httpPort)),
          },
          stage: { default: 'dev' },
        },
      },
    ],
    tags: SERVICES.map((s) => ({ name: s.name, description: s.description })),
    paths,
    components: {
      securitySchemes: {
        ledgerlineJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "The auth service's Lambda authorizer: a Cognito ACCESS token of the platform user pool (mobile client), " +
            'or an HS256 service token of the back office (issuer ledgerline-backoffice, audience ledgerline-api-<stage>).',
        },
      },
      schemas: sortedSchemas,
      responses: problemResponses(),
    },
  };
}

/** The file's text, formatted with the repository's Prettier settings (so `npm run lint` agrees). */
export async function renderOpenApi(): Promise<string> {
  // Loaded here, not at module load: Prettier 3 cannot load inside Jest's sandbox (tests import this module).
  const { format, resolveConfig } = await import('prettier');
  const options = (await resolveConfig(OPENAPI_FILE)) ?? {};
  return format(JSON.stringify(buildOpenApi(), null, 2), { ...options, filepath: OPENAPI_FILE });
}

async function main(): Promise<number> {
  const text = await renderOpenApi();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      /* missing = out of date */
    }
    if (current !== text) {
      console.error(`${OPENAPI_FILE} is out of date: run \`npm run openapi\` and commit the result.`);
      return 1;
    }
    console.log(`${OPENAPI_FILE} is up to date.`);
    return 0;
  }
  writeFileSync(OPENAPI_FILE, text);
  console.log(`wrote ${OPENAPI_FILE} (${routes.length} operations)`);
  return 0;
}

if (require.main === module) runMain(main);
