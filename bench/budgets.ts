/**
 * The performance and cost budgets, in one place. The benchmark suites report pass or miss
 * against them, so a change that doubles a bundle or adds a read to the hot path shows in the
 * next run. They are targets, not test assertions: CI never fails on a wall-clock figure.
 */
export const budgets = {
  coldstart: {
    /** Minified bundle size of each handler. */
    bundleKb: 350,
    /** A handler's init time over the "one DynamoDB client" baseline's. */
    initRatio: 1.3,
  },
  /** Request units and events per call, per operation (as measured against DynamoDB Local). */
  capacity: {
    'POST /interactions (new customer)': { rru: 3, wru: 12, events: 2 },
    'POST /interactions (known customer)': { rru: 3, wru: 4, events: 1 },
    'POST /interactions (Idempotency-Key)': { rru: 4, wru: 8, events: 1 },
    'GET /customers/{customerId}': { rru: 1, wru: 0, events: 0 },
    'GET /customers/{customerId}/timeline': { rru: 3, wru: 0, events: 0 },
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
