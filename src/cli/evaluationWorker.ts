/**
 * An evaluation worker thread (started by evaluationPool.ts): loads the rulebook, prepares its
 * own evaluator from the EvaluationSetup in workerData, then evaluates each job's rows in order
 * and replies with their results. One job at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Evaluator, type RowResult } from '../core/engine/evaluator';
import type { SubjectMatch } from '../core/match';
import type { Table } from '../core/table';
import { loadRulebookFolder } from '../io/rulebookFolder';
import { evaluateChunk } from './evaluateChunk';
import type { EvaluationJob, EvaluationReply, EvaluationSetup } from './evaluationSetup';

interface Ready {
  evaluator: Evaluator;
  match: SubjectMatch;
  table: Table;
}

async function prepare(setup: EvaluationSetup): Promise<Ready> {
  const loaded = await loadRulebookFolder(setup.rulebookFolder);
  if (!loaded.rulebook) throw new Error(`The rulebook in ${setup.rulebookFolder} no longer loads (it changed during the run); run again.`);
  if (loaded.rulebook.digest !== setup.digest) throw new Error(`The rulebook in ${setup.rulebookFolder} changed during the run (its digest differs); run again.`);
  const prepared = Evaluator.prepare(loaded.rulebook, setup.overrides, { engine: setup.engine });
  if (!prepared.ok) throw new Error(prepared.problems.join(' '));
  const matched = prepared.evaluator.match(setup.head, setup.subject);
  if (!matched.ok) throw new Error(matched.problem);
  return { evaluator: prepared.evaluator, match: matched.match, table: { ...setup.head, rows: [] } };
}

const port = parentPort;
if (!port) throw new Error('internal: evaluationWorker.js runs as a worker thread');
const setup = workerData as EvaluationSetup;
const ready = prepare(setup);
ready.then(() => port.postMessage({ ready: true } satisfies EvaluationReply), () => undefined); // a problem is each job's reply
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (job: EvaluationJob) => {
  queue = queue.then(async () => {
    let reply: EvaluationReply;
    try {
      const { evaluator, match, table } = await ready;
      const results: RowResult[] = await evaluateChunk(evaluator, table, match, job.rows, setup.asOf);
      reply = { id: job.id, results };
    } catch (error) {
      reply = { id: job.id, problem: (error as Error)?.message ?? String(error) };
    }
    port.postMessage(reply);
  });
});
