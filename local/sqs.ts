import { startFauxqs } from 'fauxqs';

/** The SQS emulator (fauxqs), in-process. Queues are declared by later issues (escalations, notifications). */
export async function startSqsEmulator(options: { port?: number } = {}) {
  const server = await startFauxqs({ port: options.port ?? 0, logger: false });
  return { endpoint: server.address, server, stop: () => server.stop() };
}
