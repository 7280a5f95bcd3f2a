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
     * measures it) rounded up to the next 10, plus 10, so nothing grows back unnoticed. Measured
     * 2026-12-02, after each handler began to import its own route constant (not the whole route
     * list) and functions/package.json let esbuild drop the contracts and domain modules a handler
     * does not use: 40 to 70 KB less per HTTP function. What keeps them above 350 KB: zod classic
     * (99 KB in every function; its zod/mini equivalent weighs 27 KB), every store of the
     * composition root (32 KB, functions/wiring/dependencies.ts) and, in idempotent routes,
     * Powertools idempotency (17 KB, its JMESPath engine replaced in the bundles); `openapi` also
     * carries the document (250 KB). Lower a ceiling when its bundle shrinks (the test refuses more
     * than 20 KB of slack); a function not listed here must meet `bundleKb`.
     */
    bundleCeilingsKb: {
      health: 380,
      openapi: 640,
      recordInteraction: 470,
      recordInteractionBatch: 470,
      findCustomer: 410,
      getCustomer: 410,
      updateCustomer: 430,
      getTimeline: 440,
      mergeCustomers: 450,
      requestErasure: 500,
      getErasureRequest: 470,
      exportCustomer: 440,
      openCase: 480,
      listCases: 440,
      getCase: 440,
      updateCase: 460,
      getCaseContext: 440,
      escalateCase: 470,
      getQueues: 460,
      getPreferences: 410,
      putPreferences: 430,
      declareIncident: 450,
      listIncidents: 410,
      updateIncident: 430,
      getIncident: 410,
      requestCallback: 480,
      listCallbacks: 420,
      getCallback: 410,
      cancelCallback: 430,
      recordCallbackOutcome: 450,
      createArticle: 460,
      listArticles: 440,
      getArticle: 440,
      listStaffArticles: 440,
      getStaffArticle: 440,
      updateArticle: 450,
      publishArticle: 450,
      archiveArticle: 450,
      draftArticleFromCase: 480,
      searchArticles: 470,
      createFlow: 420,
      getFlow: 420,
      createSelfcareSession: 420,
      recordSelfcareEvent: 420,
      answerSelfcareStep: 420,
      identifySelfcareSession: 440,
      handoverSelfcareSession: 500,
      getSurvey: 410,
      answerSurvey: 430,
      recordSurveyResponse: 470,
      getSelfcareReport: 410,
      getKpis: 410,
      listSurges: 400,
      declareIncidentFromSurge: 460,
      escalationWorkerUrgent: 420,
      slaMonitor: 410,
      notificationWorker: 480,
      callbackWorker: 440,
      dispatcher: 440,
      webhookWorker: 430,
      searchIndexWorker: 430,
      surveyFollowUpWorker: 460,
      kpiWorker: 410,
      erasureWorker: 480,
      escalationWorkerExpert: 420,
      escalationWorkerStandard: 420,
    } as Record<string, number>,
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
