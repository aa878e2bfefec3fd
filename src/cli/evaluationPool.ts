/**
 * Worker threads that evaluate chunks of rows in parallel (os.availableParallelism() of them by
 * default). Each worker loads the rulebook and prepares its evaluator itself (evaluationWorker.ts);
 * a chunk goes to the worker with the fewest chunks waiting, and each chunk's results come back
 * to the promise `evaluate` returned for it, so the caller keeps them in input order.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RowResult } from '../core/engine/evaluator';
import type { TableRow } from '../core/table';
import type { EvaluationJob, EvaluationReply, EvaluationSetup } from './evaluationSetup';

interface Pending {
  resolve(results: RowResult[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  ready: boolean;
  stopped?: Error;
}

export class EvaluationPool {
  private readonly slots: Slot[];
  private nextId = 0;
  private closing = false;

  constructor(setup: EvaluationSetup, readonly size: number) {
    this.slots = Array.from({ length: size }, () => this.startWorker(setup));
  }

  private startWorker(setup: EvaluationSetup): Slot {
    const worker = new Worker(join(__dirname, 'evaluationWorker.js'), { workerData: setup });
    const slot: Slot = { worker, pending: new Map(), ready: false };
    const stop = (error: Error): void => {
      slot.stopped ??= error;
      for (const p of slot.pending.values()) p.reject(slot.stopped);
      slot.pending.clear();
    };
    worker.on('message', (reply: EvaluationReply) => {
      if ('ready' in reply) {
        slot.ready = true;
        return;
      }
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if ('results' in reply) pending.resolve(reply.results);
      else pending.reject(new Error(reply.problem));
    });
    worker.on('error', (error) => stop(new Error(`internal: an evaluation worker stopped: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!this.closing) stop(new Error(`internal: an evaluation worker exited (code ${code}) before finishing its rows`));
    });
    return slot;
  }

  /** Whether every worker has its evaluator prepared (until then the caller may evaluate rows itself). */
  get ready(): boolean {
    return this.slots.every((s) => s.ready || s.stopped);
  }

  /** The results of these rows, in their order. */
  evaluate(rows: TableRow[]): Promise<RowResult[]> {
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    if (slot.stopped) return Promise.reject(slot.stopped);
    const id = this.nextId++;
    return new Promise<RowResult[]>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, rows } satisfies EvaluationJob);
    });
  }

  /** Stop the workers (after the last results, or on a failure). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
