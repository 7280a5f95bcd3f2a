/**
 * The performance and cost budgets, in one place. The benchmark suites report pass or miss
 * against them, so a change that doubles a bundle or adds a read to the hot path shows in the
 * next run. They are targets, not test assertions: CI never fails on a wall-clock figure. The
 * one exception is a size, not a time: tests/infra/bundle-budget.test.ts fails when a bundle
 * passes its ceiling (`bundleCeilingKb`).
 */
export const budgets = {
  coldstart: {
    /** Minified bundle size of each handler. */
    bundleKb: 350,
    /** A handler's init time over the "one DynamoDB client" baseline's. */
    initRatio: 1.2,
    /**
     * Where a bundle does not meet `bundleKb` yet: its size (KB, as tests/infra/bundle-budget.test.ts
     * measures it: what a cold start loads) rounded up to the next 10, plus 10, so nothing grows
     * back unnoticed. Lower a ceiling when its bundle shrinks (the test refuses more than 20 KB of
     * slack); a function not listed here must meet `bundleKb`. None is listed since 2026-12-02,
     * when the last two (the self-care handover, 375 KB, and the notification worker, 358 KB) began
     * to load the clients they need only on some requests lazily (SQS for a callback's wait
     * estimate, Secrets Manager for a secret fetched once per five minutes).
     */
    bundleCeilingsKb: {} as Record<string, number>,
  },
  /** Request units and events per call, per operation (as measured against DynamoDB Local). */
  capacity: {
    'POST /interactions (new customer)': { rru: 3, wru: 12, events: 2 },
    'POST /interactions (known customer)': { rru: 3, wru: 4, events: 1 },
    'POST /interactions (Idempotency-Key)': { rru: 4, wru: 8, events: 1 },
    'GET /customers/{customerId}': { rru: 1, wru: 0, events: 0 },
    // Two Queries per profile since interactions live in the customer's partition (their own and
    // byCustomer's other records), each rounded up on its own: 0.5 RRU more a page than one
    // Query of the index, for 1 WRU less per recorded interaction.
    'GET /customers/{customerId}/timeline': { rru: 3.5, wru: 0, events: 0 },
    'POST /cases': { rru: 2, wru: 4, events: 1 },
    'GET /cases/{caseId}': { rru: 1, wru: 0, events: 0 },
    'PATCH /cases/{caseId}': { rru: 2, wru: 4, events: 1 },
    'GET /cases/{caseId}/context': { rru: 6, wru: 0, events: 0 },
    'POST /customers/{customerId}/merge': { rru: 4, wru: 16, events: 1 },
  } as Record<string, { rru: number; wru: number; events: number }>,
  /** The self-care search over 2,000 articles (bench/suites/search.ts). */
  search: {
    /** gunzip + MiniSearch.loadJSON of a locale's index: what a search function's cold start adds. */
    coldLoadMs: 300,
    /** 99th percentile of one query on the loaded index. */
    p99QueryMs: 20,
  },
  /** US dollars per million recorded interactions, end to end. */
  costPerMillionInteractions: 4,
} as const;

/** The ceiling tests/infra/bundle-budget.test.ts holds a function's bundle to, in KB. */
export function bundleCeilingKb(functionName: string): number {
  return budgets.coldstart.bundleCeilingsKb[functionName] ?? budgets.coldstart.bundleKb;
}
