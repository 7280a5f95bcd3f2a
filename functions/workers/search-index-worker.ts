import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { metrics } from '../commons/powertools';
import { parseBusEvent } from '../commons/worker/messages';
import { sqsWorker } from '../commons/worker/sqs-worker';
import { rebuildSearchIndex } from '../use-cases/knowledge';
import { ArticleArchived, ArticlePublished } from '../domain/knowledge-events';
import { dependenciesWith, knowledgeSettings } from '../wiring/dependencies';
import { articles, searchIndex } from '../wiring/stores';

const dependencies = dependenciesWith({ articles, searchIndex }, knowledgeSettings);

/**
 * The search index queue's worker: each message is an `ArticlePublished` or `ArticleArchived`
 * event, and the index of the article's locale takes it in (rebuildSearchIndex: changes published
 * together coalesce into a few rebuilds; a redelivered or reordered event is harmless).
 */
export const handler = sqsWorker({
  dependencies,
  handle: async (record, deps, about) => {
    const { data, metadata } = parseBusEvent(record, [ArticlePublished, ArticleArchived]);
    about.articleId = data.articleId;
    about.locale = data.locale;
    const { rebuilt } = await rebuildSearchIndex(deps, data.locale, { articleId: data.articleId, requestId: metadata.eventId });
    if (!rebuilt) return; // an index another message's rebuild stored already has this change
    metrics.addMetric('SearchIndexRebuilt', MetricUnit.Count, 1);
    metrics.addMetric('SearchIndexBytes', MetricUnit.Bytes, rebuilt.bytes);
  },
});
