/**
 * Mocha's spec reporter, plus a plain closing line `N passed, M failed` that CI reads.
 */
import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats;
      const skipped = stats?.pending ?? 0;
      // Printed after the spec reporter's epilogue, as the last line of the run.
      process.on('exit', () => {
        console.log(`tests: ${stats?.passes ?? 0} passed, ${stats?.failures ?? 0} failed${skipped ? `, ${skipped} skipped` : ''}`);
      });
    });
  }
}

export = SpecWithSummary;
