import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** The front ends' built files (web/dist), served under a prefix by the local gateway: what CloudFront serves on AWS. */
export interface StaticFiles {
  /** URL prefix, e.g. `/ui/`. */
  prefix: string;
  /** The built folder. */
  dir: string;
  /**
   * Files the runtime answers itself, by name under the prefix, from the request's origin: the
   * pages' `config.json` (on AWS the stack writes it into the bucket at deploy).
   */
  generated?: Record<string, (request: { origin: string }) => unknown>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves a GET under the prefix from the folder (`/ui/` is `index.html`); false when the path is
 * not under the prefix, so the gateway goes on with the API routes. A path that leaves the folder
 * (`/ui/../package.json`) or names no file is a 404.
 */
export async function serveStatic(files: StaticFiles, pathname: string, res: ServerResponse, host = 'localhost'): Promise<boolean> {
  if (!pathname.startsWith(files.prefix)) return false;
  const relative = decodeURIComponent(pathname.slice(files.prefix.length)) || 'index.html';
  const generated = files.generated?.[relative];
  if (generated) {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    res.end(JSON.stringify(generated({ origin: `http://${host}` })));
    return true;
  }
  const path = normalize(join(files.dir, relative));
  if (!path.startsWith(files.dir + sep)) return notFound(res);
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': contentTypes[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  } catch {
    return notFound(res);
  }
  return true;
}

function notFound(res: ServerResponse): true {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found');
  return true;
}
