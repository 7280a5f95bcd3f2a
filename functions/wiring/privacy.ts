import { documentClient } from '../adapters/dynamodb/client';
import { ErasureRecordStore, ErasureStepStore } from '../adapters/dynamodb/erasure-store';
import { erasureRequestId } from '../adapters/privacy/erasure-key';
import { required } from '../commons/settings';
import type { PrivacyDependencies } from '../use-cases/privacy';
import { defaultDependencies, retention } from './dependencies';

let cached: PrivacyDependencies | undefined;

/** The composition root of erasure and export (functions/use-cases/privacy.ts): every store, plus the erasure records, steps and key. */
export function privacyDependencies(): PrivacyDependencies {
  const table = required('TABLE_NAME');
  cached ??= {
    ...defaultDependencies(),
    erasures: new ErasureRecordStore(documentClient, table),
    erasureSteps: new ErasureStepStore(documentClient, table),
    erasureRequestId,
    retention: retention(),
  };
  return cached;
}
