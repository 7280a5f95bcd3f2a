import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../commons/powertools';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { rebuildSearchIndex } from '../use-cases/knowledge';
import { knowledgeDependencies } from '../wiring/knowledge';

/**
 * The search index queue's worker: each message is an `ArticlePublished` or `ArticleArchived`
 * event, and the index of the article's locale is rebuilt from its published articles. A rebuild
 * depends only on what is published when it runs, so a redelivered or reordered event is harmless;
 * two rebuilds racing for one locale cannot both flip its pointer (the loser's message is retried).
 */
export const handler = sqsWorker({
  dependencies: knowledgeDependencies,
  handle: async (record, deps, about) => {
    const { data } = parseBusEvent(record, ['ArticlePublished', 'ArticleArchived']);
    about.articleId = data.articleId;
    about.locale = data.locale;
    const built = await rebuildSearchIndex(deps, data.locale, data.articleId);
    metrics.addMetric('SearchIndexRebuilt', MetricUnit.Count, 1);
    metrics.addMetric('SearchIndexBytes', MetricUnit.Bytes, built.bytes);
  },
});
