import { documentClient } from '../adapters/dynamodb/client';
import { ErasureRecordStore, ErasureStepStore } from '../adapters/dynamodb/erasure-store';
import { erasureRequestId } from '../adapters/privacy/erasure-key';
import { required } from '../commons/settings';
import type { PrivacyDependencies } from '../use-cases/privacy';
import { dependenciesWith, retention } from './dependencies';
import { customers } from './stores';

const wired = dependenciesWith({ customers });
let cached: PrivacyDependencies | undefined;
let steps: ErasureStepStore | undefined;

/** The composition root of erasure and export (functions/use-cases/privacy.ts): the customers, the erasure records, steps and key. */
export function privacyDependencies(): PrivacyDependencies {
  const table = required('TABLE_NAME');
  cached ??= {
    ...wired(),
    erasures: new ErasureRecordStore(documentClient, table),
    // Built when first used: only the erasure worker erases, and only its role has the idempotency table.
    get erasureSteps() {
      steps ??= new ErasureStepStore(documentClient, table, required('IDEMPOTENCY_TABLE_NAME'));
      return steps;
    },
    erasureRequestId,
    retention: retention(),
  };
  return cached;
}
