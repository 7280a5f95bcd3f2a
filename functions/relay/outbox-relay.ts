// Placeholder: replaced by the real handler.
export const handler = async () => ({ batchItemFailures: [] });
