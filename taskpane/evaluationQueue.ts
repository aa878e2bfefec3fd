/**
 * Latest wins, for live what-if on the standalone page: evaluations run one at a time, in the
 * order asked; a full evaluation supersedes the row evaluations waiting behind it; a row edited
 * again while it was being evaluated is evaluated again and the older result is dropped. However
 * fast the edits come, the grid ends in the state of the last one.
 */
export interface EvaluationWork<All, Row> {
  /** Evaluate every row; stop (rejecting) when `signal` is aborted by a newer request or cancel(). */
  all(signal: AbortSignal): Promise<All>;
  applyAll(result: All): void;
  rows(rows: number[]): Promise<Map<number, Row>>;
  applyRows(results: Map<number, Row>): void;
  failed(error: unknown): void;
}

export class EvaluationQueue<All, Row> {
  private fullWanted = false;
  private readonly dirty = new Set<number>();
  private running: Promise<void> | undefined;
  /** The full evaluation in progress, to stop when a newer one is asked or the user cancels. */
  private current: AbortController | undefined;

  constructor(private readonly work: EvaluationWork<All, Row>) {}

  /** Evaluate every row (after Evaluate, an as-of date, a what-if or a mapping change); a full run in progress is stopped. */
  evaluateAll(): Promise<void> {
    this.fullWanted = true;
    this.dirty.clear();
    this.current?.abort();
    return this.kick();
  }

  /** Stop the full evaluation in progress (the results shown stay those of the last one that finished). */
  cancel(): void {
    this.fullWanted = false;
    this.current?.abort();
  }

  /** Whether a full evaluation is running. */
  get evaluatingAll(): boolean {
    return this.current !== undefined;
  }

  /** Evaluate one edited row. */
  rowEdited(row: number): Promise<void> {
    this.dirty.add(row);
    return this.kick();
  }

  /** Resolves when nothing is left to evaluate. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  private kick(): Promise<void> {
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    while (this.fullWanted || this.dirty.size) {
      try {
        if (this.fullWanted) {
          this.fullWanted = false;
          const controller = new AbortController();
          this.current = controller;
          let result: All;
          try {
            result = await this.work.all(controller.signal);
          } catch (error) {
            if (controller.signal.aborted) continue; // superseded or cancelled: not a failure
            throw error;
          } finally {
            this.current = undefined;
          }
          // Asked again meanwhile: this result is already out of date.
          if (!this.fullWanted && !controller.signal.aborted) this.work.applyAll(result);
          continue;
        }
        const rows = [...this.dirty];
        this.dirty.clear();
        const results = await this.work.rows(rows);
        if (this.fullWanted) continue;
        for (const row of rows) if (this.dirty.has(row)) results.delete(row);
        this.work.applyRows(results);
      } catch (error) {
        this.work.failed(error);
      }
    }
  }
}
