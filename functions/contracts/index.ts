/**
 * The HTTP contract, gathered: `import * as contract from '../contracts'`. Each bounded context
 * has its own file; a new capability adds one here instead of growing another.
 */
export * from './common';
export * from './customers';
export * from './interactions';
export * from './cases';
export * from './escalations-and-queues';
export * from './notifications';
export * from './incidents';
export * from './callbacks';
export * from './timeline';
export * from './platform';
export * from './knowledge';
export * from './selfcare';
export * from './selfcare-flows';
export * from './reports';
export * from './surveys';
export * from './kpis';
export * from './privacy';
export * from './customer-export';
