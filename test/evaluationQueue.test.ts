/**
 * The standalone page's latest-wins queue: a newer full evaluation stops the one running, cancel()
 * stops it without a failure, and row edits still apply after a cancelled run.
 */
import assert from 'node:assert/strict';
import { EvaluationQueue } from '../taskpane/evaluationQueue';

/** A full evaluation that finishes when told to, or rejects when its signal is aborted. */
function controllable() {
  const started: AbortSignal[] = [];
  const release: (() => void)[] = [];
  const applied: number[] = [];
  const failures: unknown[] = [];
  const rowsApplied: number[][] = [];
  let n = 0;
  const queue = new EvaluationQueue<number, string>({
    all: (signal) => {
      const id = ++n;
      started.push(signal);
      return new Promise<number>((resolve, reject) => {
        release.push(() => resolve(id));
        signal.addEventListener('abort', () => reject(new Error('cancelled')));
      });
    },
    applyAll: (id) => applied.push(id),
    rows: async (rows) => new Map(rows.map((r) => [r, `row ${r}`])),
    applyRows: (results) => rowsApplied.push([...results.keys()]),
    failed: (error) => failures.push(error),
  });
  return { queue, started, release, applied, failures, rowsApplied };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('evaluation queue (standalone page)', () => {
  it('a newer full evaluation aborts the one running; only the newest is applied', async () => {
    const q = controllable();
    const first = q.queue.evaluateAll();
    await tick();
    void q.queue.evaluateAll();
    await tick();
    assert.equal(q.started[0]!.aborted, true);
    assert.equal(q.started.length, 2);
    q.release[1]!();
    await first;
    assert.deepEqual(q.applied, [2]);
    assert.deepEqual(q.failures, [], 'a superseded run is not a failure');
  });

  it('cancel() stops the run without applying or failing; later edits still apply', async () => {
    const q = controllable();
    const run = q.queue.evaluateAll();
    await tick();
    assert.equal(q.queue.evaluatingAll, true);
    q.queue.cancel();
    await run;
    assert.equal(q.queue.evaluatingAll, false);
    assert.deepEqual([q.applied, q.failures], [[], []]);
    await q.queue.rowEdited(4);
    assert.deepEqual(q.rowsApplied, [[4]]);
  });

  it('a run that fails on its own (not aborted) is reported', async () => {
    const queue = new EvaluationQueue<number, string>({
      all: async () => {
        throw new Error('broken rulebook');
      },
      applyAll: () => assert.fail('nothing to apply'),
      rows: async () => new Map(),
      applyRows: () => undefined,
      failed: (error) => failures.push(error),
    });
    const failures: unknown[] = [];
    await queue.evaluateAll();
    assert.equal((failures[0] as Error).message, 'broken rulebook');
  });
});
