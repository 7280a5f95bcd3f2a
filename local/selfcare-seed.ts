import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientsDir } from './paths';
import type { LocalRuntime } from './runtime';

/** Where a client's demo self-care content lives: clients/<clientId>-selfcare/ (flows.json). */
export const selfcareSeedDir = (clientId: string) => join(clientsDir, `${clientId}-selfcare`);

/**
 * Loads the client's demo guided flows through the API itself (POST /flows as a supervisor), so
 * the seed passes the same validation as any flow. A flow's answer that leads to an article names
 * it by its key in the sample knowledge base (`"next": { "articleKey": "box-panne" }`): `articleIds`
 * (from seedDemoKnowledge) gives its id. A flow already stored (a kept data dir) is left as it is:
 * 409 is fine. Returns how many flows were loaded or already there.
 */
export async function seedSelfcareFlows(
  runtime: Pick<LocalRuntime, 'url' | 'token'>,
  clientId: string,
  articleIds: ReadonlyMap<string, string>,
): Promise<number> {
  const file = join(selfcareSeedDir(clientId), 'flows.json');
  if (!existsSync(file)) return 0;
  const flows = JSON.parse(readFileSync(file, 'utf8'), (_key, value) => {
    if (!value || typeof value !== 'object' || typeof value.articleKey !== 'string') return value;
    const articleId = articleIds.get(value.articleKey);
    if (!articleId) throw new Error(`A demo flow links to the sample article "${value.articleKey}", which the knowledge base does not have`);
    return { articleId };
  }) as { flowId: string }[];
  const token = await runtime.token('supervisor');
  for (const flow of flows) {
    const response = await fetch(`${runtime.url}/flows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(flow),
    });
    if (response.status !== 201 && response.status !== 409) throw new Error(`Seeding flow ${flow.flowId}: ${response.status} ${await response.text()}`);
  }
  return flows.length;
}
