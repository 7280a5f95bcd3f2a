import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventPattern } from '../../functions/definition/event-pattern';
import { archive, rules } from '../../functions/definition/rules';
import { InvalidEventPatternError, matchesPattern, validatePattern } from '../../local/event-bus/pattern';

/**
 * The local bus must route events exactly as EventBridge would, so the cases below are AWS's own
 * documented examples ("Event patterns", "Content filtering in Amazon EventBridge event
 * patterns", "Matching null values and empty strings"), each with events that match and events
 * that do not.
 */

/** The sample event of the EventBridge user guide and of aws/event-ruler. */
const ec2Event = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

/** The sample event with some top-level fields replaced. */
const ec2With = (fields: Record<string, unknown>) => ({ ...ec2Event, ...fields });
/** The sample event with some detail fields replaced (undefined removes one). */
const ec2Detail = (fields: Record<string, unknown>) => ec2With({ detail: withoutUndefined({ ...ec2Event.detail, ...fields }) });

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

interface MatchCase {
  name: string;
  pattern: EventPattern;
  event: unknown;
  matches: boolean;
}

const matchCases = (cases: MatchCase[]) =>
  it.each(cases)('$name', ({ pattern, event, matches }) => {
    // Act
    const result = matchesPattern(pattern, event);

    // Assess
    expect(result).toBe(matches);
  });

describe('Function: matchesPattern', () => {
  describe('exact values, nesting and arrays of values (OR)', () => {
    const ec2Running: EventPattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['running'] },
    };
    matchCases([
      { name: 'the EC2 example matches a running instance', pattern: ec2Running, event: ec2Event, matches: true },
      { name: 'the EC2 example does not match a terminated instance', pattern: ec2Running, event: ec2Detail({ state: 'terminated' }), matches: false },
      { name: 'the EC2 example does not match another source', pattern: ec2Running, event: ec2With({ source: 'aws.s3' }), matches: false },
      { name: 'values are case sensitive', pattern: { source: ['AWS.EC2'] }, event: ec2Event, matches: false },
      { name: 'an array of values is an OR (second value)', pattern: { detail: { state: ['initializing', 'running'] } }, event: ec2Event, matches: true },
      { name: 'an array of values is an OR (no value)', pattern: { detail: { state: ['initializing', 'stopped'] } }, event: ec2Event, matches: false },
      { name: 'fields are an AND (one fails)', pattern: { source: ['aws.ec2'], region: ['eu-west-3'] }, event: ec2Event, matches: false },
      { name: 'a field absent from the event does not match', pattern: { detail: { 'e-count': [5] } }, event: ec2Event, matches: false },
      { name: 'a nested pattern on an absent object does not match', pattern: { extra: { state: ['running'] } }, event: ec2Event, matches: false },
      { name: 'a nested pattern does not match a scalar', pattern: { source: { name: ['aws.ec2'] } }, event: ec2Event, matches: false },
      { name: 'inherited properties are not fields', pattern: { constructor: [{ exists: true }] }, event: ec2Event, matches: false },
      { name: 'a non-object event matches nothing', pattern: { source: ['aws.ec2'] }, event: 'aws.ec2', matches: false },
    ]);
  });

  describe('numbers, booleans, null and empty strings', () => {
    matchCases([
      { name: 'a number matches numerically (3.018e2 is 301.8)', pattern: { detail: { 'x-limit': [3.018e2] } }, event: ec2Event, matches: true },
      { name: 'an integer matches its float spelling', pattern: { detail: { 'c-count': [5.0] } }, event: ec2Event, matches: true },
      { name: 'a number does not match its string', pattern: { detail: { 'c-count': ['5'] } }, event: ec2Event, matches: false },
      { name: 'a string does not match the number', pattern: { detail: { 'c-count': [5] } }, event: ec2Detail({ 'c-count': '5' }), matches: false },
      { name: 'true matches true', pattern: { detail: { enabled: [true] } }, event: ec2Detail({ enabled: true }), matches: true },
      { name: 'true does not match "true"', pattern: { detail: { enabled: [true] } }, event: ec2Detail({ enabled: 'true' }), matches: false },
      { name: '[""] matches an empty string', pattern: { detail: { eventVersion: [''] } }, event: ec2Detail({ eventVersion: '' }), matches: true },
      { name: '[""] does not match null', pattern: { detail: { eventVersion: [''] } }, event: ec2Detail({ eventVersion: null }), matches: false },
      { name: '[null] matches null', pattern: { detail: { responseElements: [null] } }, event: ec2Detail({ responseElements: null }), matches: true },
      {
        name: '[null] does not match an empty string',
        pattern: { detail: { responseElements: [null] } },
        event: ec2Detail({ responseElements: '' }),
        matches: false,
      },
      { name: '[null] does not match an absent field', pattern: { detail: { responseElements: [null] } }, event: ec2Event, matches: false },
    ]);
  });

  describe('array-valued event fields: any element may match', () => {
    const resource = 'arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000';
    const withItems = ec2Detail({
      items: [
        { name: 'box', qty: 1 },
        { name: 'cable', qty: 2 },
      ],
    });
    matchCases([
      { name: 'resources matches when the intersection is not empty', pattern: { resources: [resource, 'arn:other'] }, event: ec2Event, matches: true },
      { name: 'resources does not match when the intersection is empty', pattern: { resources: ['arn:other'] }, event: ec2Event, matches: false },
      {
        name: 'an operator applies to each element',
        pattern: { detail: { tags: [{ prefix: 'env:' }] } },
        event: ec2Detail({ tags: ['team:care', 'env:prod'] }),
        matches: true,
      },
      {
        name: 'an operator matching no element does not match',
        pattern: { detail: { tags: [{ prefix: 'env:' }] } },
        event: ec2Detail({ tags: ['team:care'] }),
        matches: false,
      },
      { name: 'an empty array matches no value', pattern: { resources: [resource] }, event: ec2With({ resources: [] }), matches: false },
      {
        name: 'a nested pattern matches within one object of an array',
        pattern: { detail: { items: { name: ['box'], qty: [1] } } },
        event: withItems,
        matches: true,
      },
      {
        name: 'a nested pattern does not mix fields of two objects',
        pattern: { detail: { items: { name: ['box'], qty: [2] } } },
        event: withItems,
        matches: false,
      },
    ]);
  });

  describe('prefix and suffix', () => {
    const caRegion: EventPattern = { region: [{ prefix: 'ca-' }] };
    matchCases([
      { name: 'prefix "2017-10-02" matches the time of that day', pattern: { time: [{ prefix: '2017-10-02' }] }, event: ec2Event, matches: true },
      { name: 'prefix "2017-10-03" does not match another day', pattern: { time: [{ prefix: '2017-10-03' }] }, event: ec2Event, matches: false },
      { name: 'prefix "ca-" matches ca-central-1', pattern: caRegion, event: ec2With({ region: 'ca-central-1' }), matches: true },
      { name: 'prefix "ca-" does not match us-east-1', pattern: caRegion, event: ec2Event, matches: false },
      { name: 'prefix is case sensitive', pattern: caRegion, event: ec2With({ region: 'CA-central-1' }), matches: false },
      { name: 'prefix only matches strings', pattern: { detail: { 'c-count': [{ prefix: '5' }] } }, event: ec2Event, matches: false },
      {
        name: 'prefix equals-ignore-case matches EVENTBRIDGE',
        pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
        event: ec2Detail({ service: 'EVENTBRIDGE' }),
        matches: true,
      },
      {
        name: 'prefix equals-ignore-case does not match Lambda',
        pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
        event: ec2Detail({ service: 'Lambda' }),
        matches: false,
      },
      { name: 'suffix ".png" matches image.png', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'image.png' }, matches: true },
      { name: 'suffix ".png" does not match image.jpg', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'image.jpg' }, matches: false },
      { name: 'suffix ".png" does not match image.PNG', pattern: { FileName: [{ suffix: '.png' }] }, event: { FileName: 'image.PNG' }, matches: false },
      {
        name: 'suffix equals-ignore-case matches image.PNG',
        pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
        event: { FileName: 'image.PNG' },
        matches: true,
      },
      {
        name: 'suffix equals-ignore-case does not match image.jpg',
        pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
        event: { FileName: 'image.jpg' },
        matches: false,
      },
    ]);
  });

  describe('equals-ignore-case', () => {
    const ignoreCase: EventPattern = { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] };
    matchCases([
      { name: 'matches whatever the case', pattern: ignoreCase, event: ec2Event, matches: true },
      {
        name: 'does not match another value',
        pattern: ignoreCase,
        event: ec2With({ 'detail-type': 'EC2 Spot Instance Interruption Warning' }),
        matches: false,
      },
      { name: 'does not match a longer value', pattern: { source: [{ 'equals-ignore-case': 'AWS.EC' }] }, event: ec2Event, matches: false },
    ]);
  });

  describe('wildcard', () => {
    const png: EventPattern = { FilePath: [{ wildcard: 'dir/*.png' }] };
    const busArn: EventPattern = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    matchCases([
      { name: '"dir/*.png" matches dir/image.png', pattern: png, event: { FilePath: 'dir/image.png' }, matches: true },
      { name: '"dir/*.png" matches across slashes', pattern: png, event: { FilePath: 'dir/sub/image.png' }, matches: true },
      { name: '"dir/*.png" matches an empty run', pattern: png, event: { FilePath: 'dir/.png' }, matches: true },
      { name: '"dir/*.png" does not match another folder', pattern: png, event: { FilePath: 'other/image.png' }, matches: false },
      { name: '"dir/*.png" does not match another extension', pattern: png, event: { FilePath: 'dir/image.jpg' }, matches: false },
      { name: '"dir/*.png" is anchored at the end', pattern: png, event: { FilePath: 'dir/image.png.bak' }, matches: false },
      {
        name: 'two wildcards match a bus ARN in any account',
        pattern: busArn,
        event: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/support' },
        matches: true,
      },
      {
        name: 'two wildcards do not match another region',
        pattern: busArn,
        event: { EventBusArn: 'arn:aws:events:eu-west-3:123456789012:event-bus/support' },
        matches: false,
      },
      { name: 'an escaped star matches a literal star', pattern: { FilePath: [{ wildcard: 'dir/\\*.png' }] }, event: { FilePath: 'dir/*.png' }, matches: true },
      { name: 'an escaped star is not a wildcard', pattern: { FilePath: [{ wildcard: 'dir/\\*.png' }] }, event: { FilePath: 'dir/a.png' }, matches: false },
      { name: 'an escaped backslash matches a backslash', pattern: { FilePath: [{ wildcard: 'C:\\\\*' }] }, event: { FilePath: 'C:\\temp' }, matches: true },
      { name: 'regular expression characters are literal', pattern: { FilePath: [{ wildcard: 'a.c*' }] }, event: { FilePath: 'abc.txt' }, matches: false },
      { name: 'wildcard only matches strings', pattern: { detail: { 'c-count': [{ wildcard: '*' }] } }, event: ec2Event, matches: false },
    ]);
  });

  describe('numeric', () => {
    const cCount: EventPattern = { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } };
    matchCases([
      { name: '"> 0, <= 5" matches 5', pattern: cCount, event: ec2Event, matches: true },
      { name: '"> 0, <= 5" matches 0.5', pattern: cCount, event: ec2Detail({ 'c-count': 0.5 }), matches: true },
      { name: '"> 0, <= 5" does not match 0', pattern: cCount, event: ec2Detail({ 'c-count': 0 }), matches: false },
      { name: '"> 0, <= 5" does not match 6', pattern: cCount, event: ec2Detail({ 'c-count': 6 }), matches: false },
      { name: '"> 0, <= 5" does not match the string "5"', pattern: cCount, event: ec2Detail({ 'c-count': '5' }), matches: false },
      { name: '"< 10" matches 3', pattern: { detail: { 'd-count': [{ numeric: ['<', 10] }] } }, event: ec2Event, matches: true },
      { name: '"< 10" does not match 10', pattern: { detail: { 'd-count': [{ numeric: ['<', 10] }] } }, event: ec2Detail({ 'd-count': 10 }), matches: false },
      { name: '"= 3.018e2" matches 301.8', pattern: { detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } }, event: ec2Event, matches: true },
      {
        name: '"= 3.018e2" does not match 301.9',
        pattern: { detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } },
        event: ec2Detail({ 'x-limit': 301.9 }),
        matches: false,
      },
      { name: '">= 5" matches 5', pattern: { detail: { 'c-count': [{ numeric: ['>=', 5] }] } }, event: ec2Event, matches: true },
      {
        name: '">= 5, < 6" does not match 6',
        pattern: { detail: { 'c-count': [{ numeric: ['>=', 5, '<', 6] }] } },
        event: ec2Detail({ 'c-count': 6 }),
        matches: false,
      },
      { name: 'the documented complex example matches', pattern: complexExample(), event: ec2Event, matches: true },
      { name: 'the documented complex example fails on one field', pattern: complexExample(), event: ec2Detail({ 'x-limit': 200 }), matches: false },
    ]);
  });

  describe('anything-but', () => {
    const notInitializing: EventPattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };
    const notListed: EventPattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    const notListedNumbers: EventPattern = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    matchCases([
      { name: '"initializing" excluded: running matches', pattern: notInitializing, event: ec2Event, matches: true },
      { name: '"initializing" excluded: initializing does not match', pattern: notInitializing, event: ec2Detail({ state: 'initializing' }), matches: false },
      { name: '"initializing" excluded: an absent state does not match', pattern: notInitializing, event: ec2Detail({ state: undefined }), matches: false },
      { name: '"initializing" excluded: a number matches', pattern: notInitializing, event: ec2Detail({ state: 3 }), matches: true },
      { name: '123 excluded: 301.8 matches', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: ec2Event, matches: true },
      {
        name: '123 excluded: 123 does not match',
        pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
        event: ec2Detail({ 'x-limit': 123 }),
        matches: false,
      },
      { name: 'a list excluded: running matches', pattern: notListed, event: ec2Event, matches: true },
      { name: 'a list excluded: overloaded does not match', pattern: notListed, event: ec2Detail({ state: 'overloaded' }), matches: false },
      { name: 'a number list excluded: 301.8 matches', pattern: notListedNumbers, event: ec2Event, matches: true },
      { name: 'a number list excluded: 200 does not match', pattern: notListedNumbers, event: ec2Detail({ 'x-limit': 200 }), matches: false },
      {
        name: 'prefix "init" excluded: running matches',
        pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        event: ec2Event,
        matches: true,
      },
      {
        name: 'prefix "init" excluded: initializing does not match',
        pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
        event: ec2Detail({ state: 'initializing' }),
        matches: false,
      },
      {
        name: 'prefix "us-" excluded: us-east-1 does not match',
        pattern: { region: [{ 'anything-but': { prefix: 'us-' } }] },
        event: ec2Event,
        matches: false,
      },
      {
        name: 'suffix ".png" excluded: image.jpg matches',
        pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
        event: { FileName: 'image.jpg' },
        matches: true,
      },
      {
        name: 'suffix ".png" excluded: image.png does not match',
        pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
        event: { FileName: 'image.png' },
        matches: false,
      },
      {
        name: 'ignoring case, "initializing" excluded: INITIALIZING does not match',
        pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        event: ec2Detail({ state: 'INITIALIZING' }),
        matches: false,
      },
      {
        name: 'ignoring case, "initializing" excluded: running matches',
        pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
        event: ec2Event,
        matches: true,
      },
      {
        name: 'ignoring case, a list excluded: STOPPED does not match',
        pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['stopped', 'overloaded'] } }] } },
        event: ec2Detail({ state: 'STOPPED' }),
        matches: false,
      },
    ]);
  });

  describe('exists', () => {
    const cCountExists: EventPattern = { detail: { 'c-count': [{ exists: true }] } };
    const cCountAbsent: EventPattern = { detail: { 'c-count': [{ exists: false }] } };
    const withoutCCount = ec2Detail({ 'c-count': undefined });
    matchCases([
      { name: 'exists: true matches a present detail.c-count', pattern: cCountExists, event: ec2Event, matches: true },
      { name: 'exists: true does not match an absent detail.c-count', pattern: cCountExists, event: withoutCCount, matches: false },
      { name: 'exists: true matches a null value (the field is there)', pattern: cCountExists, event: ec2Detail({ 'c-count': null }), matches: true },
      { name: 'exists: false matches an absent detail.c-count', pattern: cCountAbsent, event: withoutCCount, matches: true },
      { name: 'exists: false does not match a present detail.c-count', pattern: cCountAbsent, event: ec2Event, matches: false },
      { name: 'exists: false matches when the parent object is absent', pattern: cCountAbsent, event: ec2With({ detail: undefined }), matches: true },
      { name: 'exists: false matches an object (exists only sees leaves)', pattern: cCountAbsent, event: ec2Detail({ 'c-count': { c1: 100 } }), matches: true },
      { name: 'exists: true does not match an object', pattern: cCountExists, event: ec2Detail({ 'c-count': { c1: 100 } }), matches: false },
      { name: 'exists: true does not match an empty array', pattern: { resources: [{ exists: true }] }, event: ec2With({ resources: [] }), matches: false },
      {
        name: 'exists: false with another value is an OR',
        pattern: { detail: { 'c-count': [{ exists: false }, { numeric: ['>', 4] }] } },
        event: ec2Event,
        matches: true,
      },
    ]);
  });

  describe('cidr (IPv4)', () => {
    matchCases([
      { name: '10.0.0.0/24 matches 10.0.0.33', pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, event: ec2Event, matches: true },
      {
        name: '10.0.0.0/24 does not match 10.0.1.33',
        pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } },
        event: ec2Detail({ 'source-ip': '10.0.1.33' }),
        matches: false,
      },
      {
        name: '10.0.0.0/8 matches 10.200.1.1',
        pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } },
        event: ec2Detail({ 'source-ip': '10.200.1.1' }),
        matches: true,
      },
      {
        name: '10.0.0.0/8 does not match 11.0.0.1',
        pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } },
        event: ec2Detail({ 'source-ip': '11.0.0.1' }),
        matches: false,
      },
      {
        name: '/32 matches only that address',
        pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.33/32' }] } },
        event: ec2Detail({ 'source-ip': '10.0.0.34' }),
        matches: false,
      },
      {
        name: '/0 matches any address',
        pattern: { detail: { 'source-ip': [{ cidr: '0.0.0.0/0' }] } },
        event: ec2Detail({ 'source-ip': '255.255.255.255' }),
        matches: true,
      },
      {
        name: 'a block does not match a value that is not an address',
        pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/8' }] } },
        event: ec2Detail({ 'source-ip': '10.0.0' }),
        matches: false,
      },
    ]);
  });

  describe('$or', () => {
    const metricOrNamespace: EventPattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    const nestedOr: EventPattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] },
      ],
    };
    const detailOr: EventPattern = {
      detail: {
        $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }, { 'x-limit': [{ numeric: ['=', 3.018e2] }] }],
      },
    };
    matchCases([
      {
        name: 'source AND (metricName OR namespace): by metricName',
        pattern: metricOrNamespace,
        event: { source: 'aws.cloudwatch', metricName: 'ReadLatency' },
        matches: true,
      },
      {
        name: 'source AND (metricName OR namespace): by namespace',
        pattern: metricOrNamespace,
        event: { source: 'aws.cloudwatch', namespace: 'AWS/ES' },
        matches: true,
      },
      {
        name: 'source AND (metricName OR namespace): neither',
        pattern: metricOrNamespace,
        event: { source: 'aws.cloudwatch', namespace: 'AWS/S3' },
        matches: false,
      },
      {
        name: 'source AND (metricName OR namespace): wrong source',
        pattern: metricOrNamespace,
        event: { source: 'aws.ec2', metricName: 'ReadLatency' },
        matches: false,
      },
      {
        name: 'nested $or: the AND branch with its inner OR',
        pattern: nestedOr,
        event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 },
        matches: true,
      },
      {
        name: 'nested $or: the AND branch without its inner OR',
        pattern: nestedOr,
        event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1 },
        matches: false,
      },
      { name: 'nested $or: another branch', pattern: nestedOr, event: { source: 'aws.cloudwatch', scope: 'Service' }, matches: true },
      { name: '$or inside detail: one numeric branch is enough', pattern: detailOr, event: ec2Detail({ 'c-count': 50, 'd-count': 50 }), matches: true },
      { name: '$or inside detail: no branch', pattern: detailOr, event: ec2Detail({ 'c-count': 50, 'd-count': 50, 'x-limit': 1 }), matches: false },
    ]);
  });

  describe('the declared rules', () => {
    const supportEvent = { source: 'support.cases', 'detail-type': 'CaseOpened.v1', detail: {} };
    matchCases([
      { name: 'the event log takes support events', pattern: rules.eventLog.pattern, event: supportEvent, matches: true },
      { name: 'the event log ignores other sources', pattern: rules.eventLog.pattern, event: { ...supportEvent, source: 'partner.support' }, matches: false },
      { name: 'the archive keeps support events', pattern: archive.pattern, event: supportEvent, matches: true },
      { name: 'the archive ignores other sources', pattern: archive.pattern, event: ec2Event, matches: false },
    ]);
  });

  describe('properties', () => {
    const scalar = fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    /** A value, and an event value that is sometimes the same one. */
    const valueAndField = scalar.chain((value) => fc.tuple(fc.constant(value), fc.oneof(fc.constant(value), scalar)));

    it('anything-but [x] is the exact negation of [x] for events that have the field', () => {
      fc.assert(
        fc.property(valueAndField, ([value, field]) => {
          const event = { detail: { field } };
          return matchesPattern({ detail: { field: [{ 'anything-but': value }] } }, event) === !matchesPattern({ detail: { field: [value] } }, event);
        }),
      );
    });

    it('a string always has itself as prefix, suffix and (any case) equal', () => {
      fc.assert(
        fc.property(fc.string(), fc.string(), fc.string(), (start, middle, end) => {
          const event = { field: start + middle + end };
          return (
            matchesPattern({ field: [{ prefix: start }] }, event) &&
            matchesPattern({ field: [{ suffix: end }] }, event) &&
            matchesPattern({ field: [{ 'equals-ignore-case': event.field.toUpperCase() }] }, event)
          );
        }),
      );
    });

    it('a wildcard without stars is an exact match', () => {
      const plain = fc.string().filter((text) => !text.includes('*') && !text.includes('\\'));
      fc.assert(fc.property(plain, plain, (wildcard, field) => matchesPattern({ field: [{ wildcard }] }, { field }) === (wildcard === field)));
    });

    it('a numeric range matches exactly the numbers inside it', () => {
      const integer = fc.integer({ min: -1_000_000, max: 1_000_000 });
      fc.assert(
        fc.property(integer, integer, integer, (a, b, value) => {
          fc.pre(a !== b);
          const [low, high] = a < b ? [a, b] : [b, a];
          return matchesPattern({ field: [{ numeric: ['>', low, '<=', high] }] }, { field: value }) === (value > low && value <= high);
        }),
      );
    });
  });
});

describe('Function: validatePattern', () => {
  it.each([
    ['the declared event-log rule', rules.eventLog.pattern],
    ['the declared archive', archive.pattern],
    ['the documented complex example', complexExample()],
  ])('accepts %s', (_, pattern) => {
    expect(() => validatePattern(pattern)).not.toThrow();
  });

  it.each([
    ['a pattern that is not an object', ['aws.ec2'], /at its root: must be an object/],
    ['null', null, /at its root: must be an object/],
    ['an empty pattern', {}, /must name at least one field/],
    ['an empty nested pattern', { detail: {} }, /at detail: must name at least one field/],
    ['a leaf that is not an array', { source: 'aws.ec2' }, /at source: must be an array of values or a nested pattern/],
    ['an empty array of values', { source: [] }, /at source: an empty array/],
    ['a value that is an array', { source: [['aws.ec2']] }, /at source: values must be/],
    ['an unknown operator', { source: [{ contains: 'ec2' }] }, /unknown or unsupported operator "contains"/],
    ['two operators in one object', { source: [{ prefix: 'a', suffix: 'b' }] }, /exactly one operator/],
    ['prefix with a number', { source: [{ prefix: 5 }] }, /prefix takes a string/],
    ['prefix with an unknown option', { source: [{ prefix: { 'equals-case': 'a' } }] }, /prefix takes a string or/],
    ['equals-ignore-case with a list', { source: [{ 'equals-ignore-case': ['a'] }] }, /equals-ignore-case takes a string/],
    ['consecutive wildcards', { path: [{ wildcard: 'dir/**' }] }, /consecutive wildcard/],
    ['a backslash escaping a letter', { path: [{ wildcard: 'dir\\a' }] }, /backslash may only escape/],
    ['a trailing backslash', { path: [{ wildcard: 'dir\\' }] }, /backslash may only escape/],
    ['exists with a string', { state: [{ exists: 'yes' }] }, /exists takes true or false/],
    ['numeric with an unknown operator', { count: [{ numeric: ['!=', 5] }] }, /unknown numeric operator "!="/],
    ['numeric with a string bound', { count: [{ numeric: ['>', '5'] }] }, /numeric bounds are JSON numbers/],
    ['numeric with three items', { count: [{ numeric: ['>', 0, '<'] }] }, /numeric takes/],
    ['numeric with a reversed range', { count: [{ numeric: ['<', 5, '>', 0] }] }, /numeric takes/],
    ['numeric with an empty range', { count: [{ numeric: ['>', 5, '<=', 5] }] }, /low bound must be less than the high bound/],
    ['numeric with "=" in a range', { count: [{ numeric: ['=', 1, '<', 5] }] }, /numeric takes/],
    ['anything-but with a mixed list', { state: [{ 'anything-but': ['a', 1] }] }, /only strings or only numbers/],
    ['anything-but with an empty list', { state: [{ 'anything-but': [] }] }, /only strings or only numbers/],
    ['anything-but with a boolean', { state: [{ 'anything-but': true }] }, /anything-but takes/],
    [
      'anything-but with a wildcard (not implemented locally)',
      { state: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
      /anything-but supports prefix, suffix and equals-ignore-case, not "wildcard"/,
    ],
    ['anything-but prefix ignoring case', { state: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'a' } } }] }, /prefix takes a string, got/],
    ['an IPv6 block', { ip: [{ cidr: '2001:db8::/32' }] }, /IPv6 blocks are not supported/],
    ['a block without a mask', { ip: [{ cidr: '10.0.0.0' }] }, /cidr takes an IPv4 block/],
    ['a mask over 32 bits', { ip: [{ cidr: '10.0.0.0/33' }] }, /cidr takes an IPv4 block/],
    ['$or that is not an array', { $or: { source: ['a'] } }, /at \$or: \$or takes an array of at least two patterns/],
    ['$or with one pattern', { $or: [{ source: ['a'] }] }, /\$or takes an array of at least two patterns/],
    ['an invalid pattern inside $or', { $or: [{ source: ['a'] }, { source: 'b' }] }, /at \$or\.1\.source: must be an array/],
  ])('refuses %s, naming the field', (_, pattern, message) => {
    // Act
    const validate = () => validatePattern(pattern);

    // Assess
    expect(validate).toThrow(InvalidEventPatternError);
    expect(validate).toThrow(message);
  });

  it('makes matchesPattern throw too, so an invalid rule cannot silently never match', () => {
    expect(() => matchesPattern({ source: [{ contains: 'ec2' }] } as unknown as EventPattern, ec2Event)).toThrow(InvalidEventPatternError);
  });
});

/** The "complex example" of the EventBridge user guide and of aws/event-ruler. */
function complexExample(): EventPattern {
  return {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }],
      'source-ip': [{ cidr: '10.0.0.0/8' }],
    },
  };
}
