/**
 * Construct ids from declared names (`outboxRelay` → `OutboxRelay`), so a resource's logical id
 * reads like its entry in functions/definition/.
 */
export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
