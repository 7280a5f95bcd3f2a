/**
 * Timeline page cursors: the opaque, URL-safe form of the last timeline key of a page.
 * Decoding checks the shape, so a forged or truncated cursor is a 400, not a broken query.
 */
const timelineKeyPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$/;

export function encodeCursor(timelineKey: string): string {
  return Buffer.from(timelineKey, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  return timelineKeyPattern.test(key) ? key : undefined;
}
