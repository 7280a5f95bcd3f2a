import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/api/openapi-document';
import { channels } from '../../functions/domain/channels';
import { routes } from '../../lib/definition/routes';

const document = buildOpenApiDocument() as unknown as {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; security: unknown[]; parameters: { name: string; in: string }[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, any> };
};

describe('Function: buildOpenApiDocument', () => {
  it('describes every declared route with its operation id', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const route of routes) {
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
  });

  it('requires a bearer token and documents 401/403 on every non-public route, and neither on public ones', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      const secured = route.auth !== 'public';
      expect(operation.security.length > 0, route.path).toBe(secured);
      expect('401' in operation.responses && '403' in operation.responses, route.path).toBe(secured);
    }
  });

  it('offers the Idempotency-Key header exactly on idempotent routes', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]![route.method.toLowerCase()]!;
      expect(operation.parameters.some((p) => p.name === 'Idempotency-Key' && p.in === 'header'), route.path).toBe('idempotent' in route && route.idempotent === true);
    }
  });

  it('describes a request as the caller writes it: required fields, channel list, text limit', () => {
    const request = document.components.schemas.RecordInteractionRequest;

    expect(request.required).toEqual(expect.arrayContaining(['channel', 'direction', 'customer']));
    expect(request.properties.channel.enum).toEqual([...channels]);
    expect(request.properties.text.maxLength).toBe(10_000);
  });

  it('resolves every $ref to a component', () => {
    const refs: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) (key === '$ref' && typeof child === 'string' ? refs.push(child) : walk(child));
      }
    };
    walk(document);

    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(document.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
  });
});
