import { z } from 'zod';
import { operations, type Operation } from './operations.ts';

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const uploadSchema = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };

function operationObject(op: Operation) {
  const parameters: object[] = [];
  for (const name of op.path.match(/\{(\w+)\}/g) ?? []) parameters.push({ name: name.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
  if (op.query) {
    const shape = jsonSchema(op.query) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, schema] of Object.entries(shape.properties ?? {}))
      parameters.push({ name, in: 'query', required: shape.required?.includes(name) ?? false, schema });
  }
  const answer = op.streams ? { 'application/json': {}, 'text/event-stream': {} } : { 'application/json': {} };
  return {
    summary: op.summary,
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
    ...(op.upload ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: uploadSchema } } } } : {}),
    responses: { default: { description: 'See API.md for each status; errors are `{error: {code, message}}` (OpenAI’s shape under /v1)', content: answer } },
  };
}

/** The OpenAPI 3.1 document of the JSON API and the standard protocols, made from the schemas their routes validate with. */
export function openApiDocument(version: string) {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: '3.1.0',
    info: { title: 'Hotline', version, description: 'Durable, resumable AI replies: the JSON API, the AI SDK UI message stream and the OpenAI API.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
