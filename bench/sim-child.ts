// The simulator in a process of its own for the overhead benchmark (its CPU must not be charged to Newman),
// driven over IPC: start, set the run's public keys, snapshot and restore its state. Math.random is seeded and
// restored with the state, so a replay from a snapshot gets the same ids the scripted run got.
import { startSimulator, type RunningSimulator } from '../simulator';

let seed = 0x2545f491;
Math.random = () => {
  // xorshift32: deterministic ids for identical request sequences.
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
};

type Message =
  | { op: 'start' }
  | { op: 'keys'; salesforce: string; adobe: string }
  | { op: 'snapshot'; name: string }
  | { op: 'restore'; name: string }
  | { op: 'stop' };

let sim: RunningSimulator | undefined;
const snapshots = new Map<string, { state: Record<string, unknown>; seed: number }>();

process.on('message', (m: Message) => {
  void (async () => {
    if (m.op === 'start') {
      sim = await startSimulator();
      process.send!({ ok: true, url: sim.url, port: sim.port, config: sim.config });
    } else if (m.op === 'keys') {
      sim!.config.salesforce.certificatePem = m.salesforce;
      sim!.config.adobe.jwtPublicKeyPem = m.adobe;
      process.send!({ ok: true });
    } else if (m.op === 'snapshot') {
      const { requests: _log, ...rest } = sim!.state;
      snapshots.set(m.name, { state: structuredClone(rest), seed });
      process.send!({ ok: true });
    } else if (m.op === 'restore') {
      const snap = snapshots.get(m.name)!;
      for (const k of Object.keys(sim!.state)) if (k !== 'requests') delete sim!.state[k];
      Object.assign(sim!.state, structuredClone(snap.state));
      seed = snap.seed;
      process.send!({ ok: true });
    } else if (m.op === 'stop') {
      await sim?.stop();
      process.send!({ ok: true });
      process.disconnect();
    }
  })().catch((e: Error) => process.send!({ ok: false, error: e.message }));
});
