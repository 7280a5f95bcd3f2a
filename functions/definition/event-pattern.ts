/**
 * An EventBridge event pattern (also the syntax of Lambda event filters). Declared patterns are
 * used verbatim by the CDK stack and matched by the local bus, so only write features that
 * `local/event-bus/pattern.ts` implements (its tests list them).
 */
export type EventPattern = { readonly [field: string]: EventPattern | readonly PatternValue[] } | { readonly $or: readonly EventPattern[] };

export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string | { readonly 'equals-ignore-case': string } }
  | { readonly suffix: string | { readonly 'equals-ignore-case': string } }
  | { readonly 'equals-ignore-case': string }
  | { readonly wildcard: string }
  | { readonly exists: boolean }
  | { readonly numeric: readonly (string | number)[] }
  | {
      readonly 'anything-but':
        | string
        | number
        | readonly (string | number)[]
        | { readonly prefix: string }
        | { readonly suffix: string }
        | { readonly 'equals-ignore-case': string | readonly string[] };
    }
  | { readonly cidr: string };
