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
     * 2026-12-02, after each handler began to wire only the stores its use case needs
     * (`dependenciesWith`, functions/wiring/dependencies.ts: 7 to 28 KB less per function; 38 to
     * 44 KB in the article routes, which no longer carry the search index) and `openapi` began to
     * embed its document brotli-compressed (24 KB instead of 260 KB, lib/bundling.ts). What keeps
     * them above 350 KB: zod classic (99 KB in every function; its zod/mini equivalent weighs
     * 27 KB), the DynamoDB client of the rate limiter in every route (`/health` included) and, in
     * idempotent routes, Powertools idempotency (17 KB, its JMESPath engine replaced in the
     * bundles). Lower a ceiling when its bundle shrinks (the test refuses more than 20 KB of
     * slack); a function not listed here must meet `bundleKb`.
     */
    bundleCeilingsKb: {
      health: 380,
      openapi: 400,
      recordInteraction: 460,
      recordInteractionBatch: 460,
      findCustomer: 390,
      getCustomer: 390,
      updateCustomer: 400,
      getTimeline: 420,
      mergeCustomers: 430,
      requestErasure: 480,
      getErasureRequest: 440,
      exportCustomer: 430,
      openCase: 460,
      listCases: 410,
      getCase: 410,
      updateCase: 430,
      getCaseContext: 430,
      escalateCase: 450,
      getQueues: 440,
      getPreferences: 390,
      putPreferences: 410,
      declareIncident: 420,
      listIncidents: 390,
      updateIncident: 400,
      getIncident: 390,
      requestCallback: 460,
      listCallbacks: 390,
      getCallback: 390,
      cancelCallback: 410,
      recordCallbackOutcome: 430,
      createArticle: 420,
      listArticles: 390,
      getArticle: 390,
      listStaffArticles: 390,
      getStaffArticle: 390,
      updateArticle: 410,
      publishArticle: 410,
      archiveArticle: 410,
      draftArticleFromCase: 440,
      searchArticles: 440,
      createFlow: 400,
      getFlow: 400,
      createSelfcareSession: 400,
      recordSelfcareEvent: 400,
      answerSelfcareStep: 400,
      identifySelfcareSession: 430,
      handoverSelfcareSession: 490,
      getSurvey: 390,
      answerSurvey: 410,
      recordSurveyResponse: 460,
      getSelfcareReport: 390,
      getKpis: 410,
      listSurges: 390,
      declareIncidentFromSurge: 440,
      escalationWorkerUrgent: 400,
      slaMonitor: 390,
      notificationWorker: 470,
      callbackWorker: 410,
      dispatcher: 420,
      webhookWorker: 430,
      searchIndexWorker: 430,
      surveyFollowUpWorker: 440,
      kpiWorker: 400,
      erasureWorker: 450,
      escalationWorkerExpert: 400,
      escalationWorkerStandard: 400,
    } as Record<string, number>,
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

/** The ceiling tests/infra/bundle-budget.test.ts holds a function's bundle to, in KB. */
export function bundleCeilingKb(functionName: string): number {
  return budgets.coldstart.bundleCeilingsKb[functionName] ?? budgets.coldstart.bundleKb;
}
