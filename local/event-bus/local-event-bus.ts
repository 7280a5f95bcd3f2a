import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { EventPattern } from '../../functions/definition/event-pattern';
import type { RuleDefinition, RuleTarget } from '../../functions/definition/rules';
import { compilePattern, type EventMatcher, InvalidEventPatternError } from './pattern';

/**
 * The client's event bus on one machine. No EventBridge emulator exists on npm, so this is ours:
 * an HTTP server speaking enough of EventBridge's wire protocol (AWS JSON 1.1) for the real
 * `EventBridgeClient` to call PutEvents, validating entries as AWS does, and routing each accepted
 * event as EventBridge does: into the archive if it matches the archive's pattern, and to the
 * targets of every rule whose pattern it matches.
 *
 * What a target is (a log file, a queue) is the caller's business: the bus hands each event to
 * `deliver`, so it knows nothing about SQS or files.
 */

/** An event as EventBridge delivers it to targets (and keeps it in an archive). */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  /** ISO 8601 to the second, as EventBridge writes it (`2026-11-22T10:00:00Z`). */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface LocalEventBusOptions {
  busName: string;
  /** 0 or undefined picks a free port. */
  port?: number;
  region?: string;
  account?: string;
  rules: Readonly<Record<string, RuleDefinition>>;
  /** Events matching `pattern` are archived; `file` keeps them as JSON lines across restarts (undefined = in memory). */
  archive?: { pattern: EventPattern; file?: string };
  /** Hands an event to one target of a matching rule. A throw is logged and counted, never returned to the publisher. */
  deliver: (target: RuleTarget, event: BusEvent, ruleName: string) => Promise<void>;
  /** Where failed deliveries and internal errors are reported; console.error by default. */
  log?: (line: string) => void;
}

export interface LocalEventBus {
  /** The `endpoint` to give an `EventBridgeClient` (or AWS_ENDPOINT_URL_EVENTBRIDGE). */
  endpoint: string;
  busArn: string;
  /** The archive: every archived event in the order the bus accepted it (a file archive includes earlier runs). */
  events(): BusEvent[];
  /** How many target deliveries threw. */
  deliveryFailures(): number;
  /** Stops listening and drops open connections, so that the bus is down at once. Idempotent. */
  stop(): Promise<void>;
}

/** PutEvents quotas (EventBridge API reference): 10 entries, 256 KB of entries per call. */
const maxEntriesPerCall = 10;
const maxEntriesBytes = 256 * 1024;

export async function startLocalEventBus(options: LocalEventBusOptions): Promise<LocalEventBus> {
  const log = options.log ?? ((line: string) => console.error(line));
  const region = options.region ?? 'eu-west-3';
  const account = options.account ?? '000000000000';
  const bus: BusIdentity = { name: options.busName, arn: `arn:aws:events:${region}:${account}:event-bus/${options.busName}`, region, account };
  // Compiling validates: a rule using a pattern feature we do not implement stops the start.
  const rules = compileRules(options.rules);
  const archive = openArchive(options.archive);
  let deliveryFailures = 0;

  const route = async (event: BusEvent): Promise<void> => {
    archive.keep(event);
    for (const rule of rules.filter(({ matches }) => matches(event))) {
      for (const target of rule.targets) {
        try {
          await options.deliver(target, event, rule.name);
        } catch (error) {
          // EventBridge retries targets on its own and never fails PutEvents for them: count, log, go on.
          deliveryFailures++;
          log(`local event bus: rule ${rule.name} could not deliver event ${event.id} to its ${target.kind} target: ${errorMessage(error)}`);
        }
      }
    }
  };

  const server = createServer((request, response) => {
    void handleRequest(request, response, (body) => putEvents(body, bus, route), log);
  });
  const port = await listen(server, options.port ?? 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    busArn: bus.arn,
    events: () => archive.events(),
    deliveryFailures: () => deliveryFailures,
    stop: () => close(server),
  };
}

interface BusIdentity {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly account: string;
}

interface CompiledRule {
  readonly name: string;
  readonly targets: readonly RuleTarget[];
  readonly matches: EventMatcher;
}

function compileRules(rules: Readonly<Record<string, RuleDefinition>>): CompiledRule[] {
  return Object.entries(rules).map(([name, rule]) => ({ name, targets: rule.targets, matches: compilePatternOf(`rule "${name}"`, rule.pattern) }));
}

function compilePatternOf(owner: string, pattern: EventPattern): EventMatcher {
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) throw new InvalidEventPatternError(`Local event bus, ${owner}: ${error.message}`, { cause: error });
    throw error;
  }
}

interface Archive {
  keep(event: BusEvent): void;
  events(): BusEvent[];
}

function openArchive(options: LocalEventBusOptions['archive']): Archive {
  if (!options) return { keep: () => undefined, events: () => [] };
  const matches = compilePatternOf('archive', options.pattern);
  const { file } = options;
  const kept = file ? readArchiveFile(file) : [];
  return {
    keep: (event) => {
      if (!matches(event)) return;
      // Synchronous, so that the file and the memory keep the same order under concurrent calls.
      if (file) appendFileSync(file, `${JSON.stringify(event)}\n`);
      kept.push(event);
    },
    events: () => [...kept],
  };
}

function readArchiveFile(file: string): BusEvent[] {
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        // The bus wrote these lines itself.
        return JSON.parse(line) as BusEvent;
      } catch {
        throw new Error(`Local event bus: line ${index + 1} of the archive ${file} is not JSON`);
      }
    });
}

/** An error PutEvents answers with an HTTP status and `{ __type, message }`, as AWS JSON 1.1 services do. */
class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type FailedEntry = { readonly ErrorCode: string; readonly ErrorMessage: string };
type ResultEntry = { readonly EventId: string } | FailedEntry;
interface PutEventsResponse {
  FailedEntryCount: number;
  Entries: ResultEntry[];
}

/**
 * PutEvents: the whole call is refused (ValidationException) only for a bad batch; each entry
 * otherwise succeeds or fails on its own, in its own place in `Entries`.
 */
async function putEvents(body: unknown, bus: BusIdentity, route: (event: BusEvent) => Promise<void>): Promise<PutEventsResponse> {
  const entries = requestEntries(body);
  const results: ResultEntry[] = [];
  // One at a time, so that targets and the archive see the entries in the order they were sent.
  for (const entry of entries) {
    const event = readEntry(entry, bus);
    if ('ErrorCode' in event) {
      results.push(event);
      continue;
    }
    // Delivered before answering (EventBridge delivers asynchronously): a test can look at the
    // targets as soon as PutEvents returns, without waiting or polling.
    await route(event);
    results.push({ EventId: event.id });
  }
  return { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results };
}

function requestEntries(body: unknown): readonly unknown[] {
  const entries = isRecord(body) ? body.Entries : undefined;
  if (!Array.isArray(entries)) {
    throw new AwsError('ValidationException', "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null");
  }
  if (entries.length < 1 || entries.length > maxEntriesPerCall) {
    const constraint = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${maxEntriesPerCall}`;
    throw new AwsError(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${constraint}`,
    );
  }
  if (entries.reduce((total: number, entry: unknown) => total + entrySize(entry), 0) > maxEntriesBytes) {
    throw new AwsError('ValidationException', 'Total size of the entries in the request is over the limit.');
  }
  return entries;
}

/** The size AWS counts for an entry ("Calculating PutEvents event entry size"). */
function entrySize(entry: unknown): number {
  if (!isRecord(entry)) return 0;
  const resources: unknown[] = Array.isArray(entry.Resources) ? entry.Resources : [];
  const texts = [entry.Source, entry.DetailType, entry.Detail, ...resources];
  const textBytes = texts.reduce((total: number, text) => total + (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0), 0);
  return (entry.Time !== undefined ? 14 : 0) + textBytes;
}

/** The event an entry puts on the bus, or why the entry fails (with the codes and messages AWS uses). */
function readEntry(entry: unknown, bus: BusIdentity): BusEvent | FailedEntry {
  const fields = isRecord(entry) ? entry : {};
  const source = nonEmptyString(fields.Source);
  if (!source) return invalidArgument('Source', 'Source is a required argument.');
  const detailType = nonEmptyString(fields.DetailType);
  if (!detailType) return invalidArgument('DetailType', 'DetailType is a required argument.');
  const detailText = nonEmptyString(fields.Detail);
  if (!detailText) return invalidArgument('Detail', 'Detail is a required argument.');
  const detail = parseDetail(detailText);
  if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  if (source.startsWith('aws.')) return { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' };
  const resources = fields.Resources ?? [];
  if (!isStringList(resources)) return invalidArgument('Resources', 'Resources must be a list of strings.');
  const time = fields.Time === undefined ? new Date() : epochSecondsToDate(fields.Time);
  if (!time) return invalidArgument('Time', 'Time must be a timestamp.');
  // AWS answers success for an unknown bus and drops the event; locally a wrong bus name is a
  // configuration mistake we want to see, so the entry fails.
  const busName = nonEmptyString(fields.EventBusName) ?? 'default';
  if (busName !== bus.name && busName !== bus.arn) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: bus.account,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: bus.region,
    resources,
    detail,
  };
}

function invalidArgument(field: string, reason: string): FailedEntry {
  return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}` };
}

/** Detail must be a JSON object: a string, an array or `null` is malformed. */
function parseDetail(text: string): Readonly<Record<string, unknown>> | undefined {
  try {
    const detail: unknown = JSON.parse(text);
    return isRecord(detail) ? detail : undefined;
  } catch {
    return undefined;
  }
}

/** AWS JSON protocols send timestamps as epoch seconds (with a fraction). */
function epochSecondsToDate(value: unknown): Date | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000) : undefined;
}

async function handleRequest(
  request: IncomingMessage,
  response: ServerResponse,
  putEvents: (body: unknown) => Promise<PutEventsResponse>,
  log: (line: string) => void,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const body = await readBody(request);
    const operation = request.headers['x-amz-target'];
    if (request.method !== 'POST' || operation !== 'AWSEvents.PutEvents') {
      throw new AwsError(
        'UnknownOperationException',
        `The local event bus only implements PutEvents, not ${String(operation ?? `${request.method} ${request.url}`)}`,
      );
    }
    sendJson(response, 200, await putEvents(parseBody(body)), requestId);
  } catch (error) {
    if (!(error instanceof AwsError)) log(`local event bus: internal error: ${errorMessage(error)}`);
    const { type, status, message } = error instanceof AwsError ? error : new AwsError('InternalException', errorMessage(error), 500);
    sendJson(response, status, { __type: type, message }, requestId, { 'x-amzn-errortype': type });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    ...headers,
  });
  response.end(text);
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive connections of SDK clients would otherwise keep answering: a stopped bus is down.
    server.closeAllConnections();
  });
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
