// An open-loop HTTP load generator for loopback only, run as a child process (its CPU is not
// billed to the runtime under test): requests leave at the phase's rate whether or not earlier
// ones have answered, as a front end's users do, so a slow server shows as latency, not as a
// lower rate. Input: the path of a JSON file (the bodies outgrow a command-line argument);
// output: one JSON line, a record per request.
import { readFileSync } from 'node:fs';

const { url, headers, phases } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error('loopback only');

const records = [];
const pending = [];
const started = performance.now();
let offset = 0;
for (const phase of phases) {
  const count = Math.round(phase.rate * phase.seconds);
  for (let i = 0; i < count; i++) {
    const due = offset + (i * 1000) / phase.rate;
    const wait = due - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = JSON.stringify(phase.bodies[i % phase.bodies.length]);
    const sentAt = performance.now() - started;
    pending.push(
      fetch(url, { method: 'POST', headers, body })
        .then(async (response) => {
          const json = await response.json().catch(() => ({}));
          records.push({
            phase: phase.name,
            sentAt,
            ms: performance.now() - started - sentAt,
            status: response.status,
            escalationId: json.autoEscalation?.escalationId,
          });
        })
        .catch(() => records.push({ phase: phase.name, sentAt, ms: performance.now() - started - sentAt, status: 0 })),
    );
  }
  offset += phase.seconds * 1000;
}
await Promise.all(pending);
console.log(JSON.stringify(records));
