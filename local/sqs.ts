import { type FauxqsServer, startFauxqs } from 'fauxqs';

/** The SQS emulator (fauxqs), in this process. Queues are created by whoever needs them (local/queues.ts). */
export interface SqsEmulator {
  endpoint: string;
  server: FauxqsServer;
  stop(): Promise<void>;
}

export async function startSqsEmulator(options: { port?: number } = {}): Promise<SqsEmulator> {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false });
  return { endpoint: server.address, server, stop: () => server.stop() };
}
