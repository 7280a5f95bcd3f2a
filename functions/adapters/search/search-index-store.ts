import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Language } from '../../domain/channels';
import type { IndexedArticle, SearchHit, SearchIndex, SearchIndexState } from '../../use-cases/ports/knowledge';
import { buildIndex, type IndexDocument, loadIndex, query } from './analysis';
import type MiniSearch from 'minisearch';
import { randomUUID } from 'node:crypto';

/**
 * Each locale's search index, stored in the data table as gzip chunks (docs/data-model.md):
 * a pointer item per locale names the current version, its build and its chunk count, and holds
 * the changes the index must still take in (one `pending#<articleId>` attribute each, valued with
 * the id of the request). The chunks of a build are written before the pointer flips to it (a
 * conditional update on the version it read and on the pending changes it clears, so of two
 * rebuilds racing only one flips; the other drops its chunks and reads the state again), and the
 * build before the previous one is deleted after. Readers never see a half-written index: they
 * follow the pointer.
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

/** The pointer as the worker reads it: the port's state, the build the next one replaces, the marks it may forget. */
interface StoredState extends SearchIndexState {
  readonly current: Pointer | undefined;
  readonly forgettable: readonly string[];
}

/**
 * A change to take in: `pending#<articleId>` = the request id. Once a rebuild took it in:
 * `taken#<articleId>` = `<request id>|<when>`, so a message of that change (redelivered, or
 * handled after another message's rebuild read it) does not note it again. Taken marks are
 * forgotten after `takenKeptMinutes`, past any redelivery of the queue (visibility timeout ×
 * receives), so the pointer, which every search instance reads, stays small.
 */
const pendingPrefix = 'pending#';
const takenPrefix = 'taken#';
const takenKeptMinutes = 30;
/** Bounded, like the changes a rebuild clears: each is a term of the flip's expression. */
const maxForgottenPerRebuild = 50;

/** The pointer item's build, if it has one: before its first build it holds only pending changes. */
const asPointer = (item: Record<string, unknown> | undefined) => (item?.version === undefined ? undefined : (item as unknown as Pointer));

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

  async request(locale: Language, articleId: string, requestId: string): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: searchIndexKeys.pointer(locale),
          UpdateExpression: 'SET #pending = :request, #type = :type',
          ConditionExpression: 'attribute_not_exists(#taken) OR NOT begins_with(#taken, :takenPrefix)',
          ExpressionAttributeNames: { '#pending': `${pendingPrefix}${articleId}`, '#taken': `${takenPrefix}${articleId}`, '#type': 'type' },
          ExpressionAttributeValues: { ':request': requestId, ':takenPrefix': `${requestId}|`, ':type': 'searchIndexPointer' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async state(locale: Language): Promise<StoredState> {
    const item = (await this.pointerItem(locale, true)) ?? {};
    const attributes = (prefix: string) =>
      Object.entries(item)
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, value]) => [name.slice(prefix.length), value as string] as const);
    const forgetBefore = new Date(this.clock() - takenKeptMinutes * 60_000).toISOString();
    const current = asPointer(item);
    return {
      version: current?.version,
      pending: Object.fromEntries(attributes(pendingPrefix)),
      current,
      forgettable: attributes(takenPrefix)
        .filter(([, value]) => value.slice(value.indexOf('|') + 1) < forgetBefore)
        .map(([articleId]) => articleId)
        .slice(0, maxForgottenPerRebuild),
    };
  }

  async rebuild(
    locale: Language,
    articles: IndexedArticle[],
    basedOn: StoredState,
    covers: readonly string[],
  ): Promise<{ version: number; documents: number; bytes: number } | undefined> {
    const { current } = basedOn;
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
    const next: Omit<Pointer, 'previous'> & { previous?: Build } = {
      ...build,
      bytes: raw.length,
      documents: articles.length,
      builtAt: new Date(this.clock()).toISOString(),
      ...(current ? { previous: { version: current.version, build: current.build, chunks: current.chunks } } : {}),
    };
    const fields = Object.keys(next);
    const names: Record<string, string> = Object.fromEntries([...fields.map((field) => [`#${field}`, field]), ['#type', 'type']]);
    const values: Record<string, unknown> = {
      ...Object.fromEntries(fields.map((field) => [`:${field}`, next[field as keyof typeof next]])),
      ':type': 'searchIndexPointer',
    };
    // Flips only if nobody flipped since we read, and clears only the changes as we read them.
    const conditions = [current ? '#version = :read' : 'attribute_not_exists(#version)'];
    if (current) values[':read'] = current.version;
    const sets = [...fields, 'type'].map((field) => `#${field} = :${field}`);
    const removes: string[] = [];
    covers.forEach((articleId, i) => {
      names[`#c${i}`] = `${pendingPrefix}${articleId}`;
      names[`#t${i}`] = `${takenPrefix}${articleId}`;
      values[`:c${i}`] = basedOn.pending[articleId];
      values[`:t${i}`] = `${basedOn.pending[articleId]}|${next.builtAt}`;
      conditions.push(`#c${i} = :c${i}`);
      removes.push(`#c${i}`);
      sets.push(`#t${i} = :t${i}`);
    });
    basedOn.forgettable
      .filter((articleId) => !covers.includes(articleId))
      .forEach((articleId, i) => {
        names[`#f${i}`] = `${takenPrefix}${articleId}`;
        removes.push(`#f${i}`);
      });
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: searchIndexKeys.pointer(locale),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
      // Another rebuild flipped first, or a change we read was asked for again: drop our chunks.
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
    const pointer = asPointer(await this.pointerItem(locale, false));
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

  private async pointerItem(locale: Language, consistent: boolean): Promise<Record<string, unknown> | undefined> {
    return (await this.db.send(new GetCommand({ TableName: this.tableName, Key: searchIndexKeys.pointer(locale), ConsistentRead: consistent }))).Item;
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
