// A bounded HTTP load generator for loopback only, run as a child process so that the CPU it
// uses is not billed to the runtime under test. Input: one JSON argument; output: one JSON line.
const { url, method, headers, bodies, connections, durationMs, maxRequests } = JSON.parse(process.argv[2]);
if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error('loopback only');

const latencies = [];
let sent = 0;
let errors = 0;
const deadline = Date.now() + durationMs;
const started = performance.now();

async function worker() {
  while (Date.now() < deadline && sent < maxRequests) {
    const body = bodies ? JSON.stringify(bodies[sent % bodies.length]).replaceAll('{n}', String(sent)) : undefined;
    sent++;
    const t = performance.now();
    try {
      const response = await fetch(url, { method, headers, body });
      await response.arrayBuffer();
      if (response.status >= 300) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t);
  }
}

await Promise.all(Array.from({ length: connections }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0;
console.log(JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / seconds, p50: at(50), p99: at(99) }));
