import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../functions/commons/http/problem';
import type { HttpEvent } from '../../functions/commons/http/principal';
import { parseRequest } from '../../functions/commons/http/request';
import { findRoute } from '../../functions/definition/routes';

const findCustomer = findRoute('GET /customers')!;
/** An HTTP API event as the gateway hands it over: the raw query string, and its own decoded map. */
const event = (rawQueryString: string, decoded: Record<string, string>) =>
  ({ rawQueryString, queryStringParameters: decoded, headers: {} }) as unknown as HttpEvent;
const refusal = (run: () => unknown) => {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof HttpProblem ? { status: error.status, fields: error.errors?.map((e) => e.field) } : error;
  }
};

describe('Function: parseRequest, the query string as the caller sent it', () => {
  it("keeps the '+' of a phone number even where the gateway's map decoded it as a space", () => {
    // Act
    const parsed = parseRequest(findCustomer, event('phone=+33612345678', { phone: ' 33612345678' }));

    // Assess
    expect(parsed.query).toEqual({ phone: '+33612345678' });
  });

  it('percent-decodes values (%2B is a plus, %40 an at sign), and names a malformed parameter in a 400', () => {
    expect(parseRequest(findCustomer, event('phone=%2B33612345678', {})).query).toEqual({ phone: '+33612345678' });
    expect(parseRequest(findCustomer, event('email=ana%40example.com', {})).query).toEqual({ email: 'ana@example.com' });
    expect(refusal(() => parseRequest(findCustomer, event('email=%ZZ', {})))).toEqual({ status: 400, fields: ['email'] });
  });
});
