/**
 * The as-of date: the date the rows are judged at. Today's local date by default — decided here,
 * in the UI, and passed to the core, which never reads the clock.
 */
import { isIsoDate } from '../../src/core/dates';
import { field, h } from './dom';

/** Today's date in the user's time zone, as YYYY-MM-DD. */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export class AsOfInput {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private current: string;

  constructor(initial: string, private readonly onChange: (date: string) => void) {
    this.current = initial;
    this.input = h('input', { type: 'date', class: 'cw-input', value: initial, required: true, id: 'cw-as-of', name: 'asOf' });
    const f = field('As-of date', this.input, 'Rows are judged as of this date: deadlines, days remaining and the rates in force.');
    this.element = f.element;
    this.input.addEventListener('change', () => {
      const value = this.input.value;
      if (!isIsoDate(value)) {
        f.setProblem('Enter a date, such as 2026-04-30.');
        return;
      }
      f.setProblem(null);
      if (value === this.current) return;
      this.current = value;
      this.onChange(value);
    });
  }

  get value(): string {
    return this.current;
  }
}
