import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../domain/channels';
import type { IndexedArticle, SearchHit, SearchIndex } from '../../use-cases/ports/knowledge';
import { buildIndex, type IndexDocument, loadIndex, query } from './analysis';
import type MiniSearch from 'minisearch';
import { randomUUID } from 'node:crypto';

/**
 * Each locale's search index, stored in the data table as gzip chunks (docs/data-model.md):
 * a pointer item per locale names the current version, its build and its chunk count; the chunks
 * of a build are written before the pointer flips to it (a conditional write on the version it
 * read, so of two rebuilds racing only one flips; the other drops its chunks and is retried), and
 * the build before the previous one is deleted after. Readers never see a half-written index: they follow the pointer.
 *
 * Why DynamoDB and not S3: the same code runs locally against DynamoDB Local (there is no local
 * S3 here), the stack gains no bucket, and the function's role stays "this table". An index is
 * about the size of the text (2,000 articles: a few MB raw, far less gzipped), so a load is a
 * handful of 350 KB items read by one Query.
 */
export const chunkBytes = 350 * 1024;

interface Build {
  version: number;
  /** Unique per rebuild: two rebuilds racing for one version never write the same chunks. */
  build: string;
  chunks: number;
}

interface Pointer extends Build {
  bytes: number;
  documents: number;
  builtAt: string;
  previous?: Build;
}

export const searchIndexKeys = {
  partition: (locale: Language) => `SEARCHINDEX#${locale}`,
  pointer: (locale: Language) => ({ pk: searchIndexKeys.partition(locale), sk: 'POINTER' }),
  chunkPrefix: (build: Omit<Build, 'chunks'>) => `V#${String(build.version).padStart(10, '0')}#${build.build}#`,
  chunk: (locale: Language, build: Omit<Build, 'chunks'>, chunk: number) => ({
    pk: searchIndexKeys.partition(locale),
    sk: `${searchIndexKeys.chunkPrefix(build)}${String(chunk).padStart(4, '0')}`,
  }),
};

interface Loaded {
  version: number;
  index: MiniSearch<IndexDocument>;
  checkedAt: number;
}

export class SearchIndexStore implements SearchIndex {
  /** The indexes this instance loaded (a search function's cold start loads each locale once). */
  private readonly loaded = new Map<Language, Loaded>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long a loaded index is trusted before its pointer is read again. */
    private readonly checkSeconds: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async rebuild(locale: Language, articles: IndexedArticle[]): Promise<{ version: number; documents: number; bytes: number } | undefined> {
    const current = await this.pointer(locale, true);
    const raw = Buffer.from(JSON.stringify(buildIndex(locale, articles)), 'utf8');
    const zipped = gzipSync(raw);
    const build: Build = { version: (current?.version ?? 0) + 1, build: randomUUID(), chunks: Math.max(1, Math.ceil(zipped.length / chunkBytes)) };
    for (let chunk = 0; chunk < build.chunks; chunk++) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...searchIndexKeys.chunk(locale, build, chunk),
            type: 'searchIndexChunk',
            data: zipped.subarray(chunk * chunkBytes, (chunk + 1) * chunkBytes),
          },
        }),
      );
    }
    const next: Pointer = {
      ...build,
      bytes: raw.length,
      documents: articles.length,
      builtAt: new Date(this.clock()).toISOString(),
      ...(current ? { previous: { version: current.version, build: current.build, chunks: current.chunks } } : {}),
    };
    try {
      // Flips only if nobody flipped since we read.
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...searchIndexKeys.pointer(locale), type: 'searchIndexPointer', ...next },
          ConditionExpression: current ? 'version = :version' : 'attribute_not_exists(pk)',
          ...(current ? { ExpressionAttributeValues: { ':version': current.version } } : {}),
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      // Another rebuild flipped first: drop our chunks; the caller reads the articles again and retries.
      await this.drop(locale, build);
      return undefined;
    }
    // Keep the previous version (an instance may be loading it right now); drop the one before.
    if (current?.previous) await this.drop(locale, current.previous);
    return { version: build.version, documents: articles.length, bytes: raw.length };
  }

  private async drop(locale: Language, build: Build): Promise<void> {
    for (let chunk = 0; chunk < build.chunks; chunk++) {
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: searchIndexKeys.chunk(locale, build, chunk) }));
    }
  }

  async search(locale: Language, text: string, limit: number): Promise<SearchHit[]> {
    const index = await this.current(locale);
    return index ? query(index, text, limit) : [];
  }

  /** The loaded index of a locale, refreshed when its pointer names another version (read at most every `checkSeconds`). */
  private async current(locale: Language): Promise<MiniSearch<IndexDocument> | undefined> {
    const now = this.clock();
    const loaded = this.loaded.get(locale);
    if (loaded && now - loaded.checkedAt < this.checkSeconds * 1000) return loaded.index;
    const pointer = await this.pointer(locale, false);
    if (!pointer) return undefined;
    if (loaded?.version === pointer.version) {
      loaded.checkedAt = now;
      return loaded.index;
    }
    const json = await this.read(locale, pointer);
    // Chunks gone (a newer rebuild deleted them while we read): keep what we had, try again next time.
    if (json === undefined) return loaded?.index;
    const index = loadIndex(locale, json);
    this.loaded.set(locale, { version: pointer.version, index, checkedAt: now });
    return index;
  }

  private async pointer(locale: Language, consistent: boolean): Promise<Pointer | undefined> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: searchIndexKeys.pointer(locale), ConsistentRead: consistent }));
    return Item as Pointer | undefined;
  }

  /** The serialised index of a version: its chunks in order (one Query), unzipped; undefined if some are missing. */
  private async read(locale: Language, pointer: Pointer): Promise<string | undefined> {
    const parts: Uint8Array[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': searchIndexKeys.partition(locale), ':prefix': searchIndexKeys.chunkPrefix(pointer) },
          ExclusiveStartKey: start,
        }),
      );
      parts.push(...(page.Items ?? []).map((item) => item.data as Uint8Array));
      start = page.LastEvaluatedKey;
    } while (start);
    if (parts.length !== pointer.chunks) return undefined;
    return gunzipSync(Buffer.concat(parts)).toString('utf8');
  }
}
