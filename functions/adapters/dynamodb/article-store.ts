import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Article, ArticleStatus } from '../../domain/articles';
import type { Language } from '../../domain/channels';
import type { OutboxEvent } from '../../domain/outbox-event';
import type { Articles } from '../../use-cases/ports/knowledge';
import { recordOf, writeIfUnchanged } from './items';
import { indexNames, keys } from './keys';
import { worklistPages } from './worklist';

/**
 * Articles, one item each; each is on the list of its locale and status (the sparse worklists
 * index, sorted by last change), which serves `GET /articles` and the index rebuild: Queries, no Scan.
 */
export class ArticleStore implements Articles {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(articleId: string, consistent = false): Promise<Article | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.article(articleId), ConsistentRead: consistent }));
    return recordOf<Article>(Item);
  }

  async create(article: Article, outbox?: OutboxEvent): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: this.item(article, outbox), ConditionExpression: 'attribute_not_exists(pk)' }));
  }

  async replace(next: Article, expectedRevision: number, outbox?: OutboxEvent): Promise<boolean> {
    return writeIfUnchanged(() =>
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(next, outbox),
          ConditionExpression: 'revision = :revision',
          ExpressionAttributeValues: { ':revision': expectedRevision },
        }),
      ),
    );
  }

  /** Pages on until `limit` articles carry the tag (a filter on the list) or the list ends. */
  async page(options: {
    locale: Language;
    status: ArticleStatus;
    tag?: string;
    limit: number;
    after?: string;
  }): Promise<{ articles: Article[]; last?: string }> {
    const listKey = keys.articleList(options.locale, options.status);
    const articles: Article[] = [];
    let start: Record<string, unknown> | undefined = options.after ? startKey(listKey, options.after) : undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: indexNames.worklists,
          KeyConditionExpression: 'listKey = :list',
          ...(options.tag ? { FilterExpression: 'contains(tags, :tag)' } : {}),
          ExpressionAttributeValues: { ':list': listKey, ...(options.tag ? { ':tag': options.tag } : {}) },
          ScanIndexForward: false,
          Limit: options.limit - articles.length,
          ExclusiveStartKey: start,
        }),
      );
      articles.push(...(page.Items ?? []).map((item) => recordOf<Article>(item)!));
      start = page.LastEvaluatedKey;
    } while (start && articles.length < options.limit);
    const last = articles.at(-1);
    return { articles, ...(start && last ? { last: listAt(last) } : {}) };
  }

  async published(locale: Language): Promise<Pick<Article, 'articleId' | 'title' | 'body' | 'tags'>[]> {
    const articles: Article[] = [];
    for await (const items of worklistPages(this.db, this.tableName, keys.articleList(locale, 'published'), {
      projection: 'articleId, title, body, tags',
    })) {
      articles.push(...items.map((item) => recordOf<Article>(item)!));
    }
    return articles;
  }

  private item(article: Article, outbox?: OutboxEvent) {
    return {
      ...keys.article(article.articleId),
      type: 'article',
      listKey: keys.articleList(article.locale, article.status),
      listAt: listAt(article),
      ...article,
      ...(outbox ? { outbox } : {}),
    };
  }
}

/** An article's place on its list (and the cursor of a page ending with it): last change, then id. */
function listAt(article: Pick<Article, 'updatedAt' | 'articleId'>): string {
  return `${article.updatedAt}#${article.articleId}`;
}

function startKey(listKey: string, after: string) {
  const articleId = after.slice(after.indexOf('#') + 1);
  return { ...keys.article(articleId), listKey, listAt: after };
}
