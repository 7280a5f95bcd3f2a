import type { FieldError } from './problem';

/**
 * The query parameters of a request, read from the query string as the caller sent it
 * (`rawQueryString`): values percent-decoded, '+' kept as is (form decoding, as URLSearchParams
 * does it, would make it a space, and '+33…' phone numbers would lose their plus; a client sends
 * a space as %20), repeated names joined with commas as API Gateway joins them. Reading the raw
 * string rather than the gateway's decoded map makes the handler's reading the same on AWS and
 * locally, whatever the gateway does with '+'.
 */
export function parseQueryString(raw: string): { values: Record<string, string>; malformed: FieldError[] } {
  const values: Record<string, string> = {};
  const malformed: FieldError[] = [];
  for (const pair of raw.split('&').filter(Boolean)) {
    const [rawName = '', rawValue = ''] = pair.split(/=(.*)/s);
    const name = percentDecode(rawName);
    const value = percentDecode(rawValue);
    if (name === undefined || value === undefined) {
      malformed.push({ field: name ?? rawName, message: 'malformed percent-encoding' });
      continue;
    }
    values[name] = values[name] === undefined ? value : `${values[name]},${value}`;
  }
  return { values, malformed };
}

/** undefined when the value is not valid percent-encoded UTF-8 (`%E0%A4%A`, `%ZZ`, `%ED%A0%80`). */
export function percentDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
