/**
 * @module input/issue-list
 * The issues found in one input file: every loader reports up to {@link MAX_ISSUES} of them at once (so a user
 * fixes several mistakes per run), then only how many more there are.
 */
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';

/** Most issues reported for one file; beyond that only a count is added. */
export const MAX_ISSUES = 20;

/** Collects issues for one file, keeping the first {@link MAX_ISSUES} and counting the rest. */
export class IssueList {
  readonly list: InputIssue[] = [];
  private dropped = 0;
  constructor(private readonly file: string) {}

  add(issue: Omit<InputIssue, 'file'>): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ file: this.file, ...issue });
    else this.dropped++;
  }

  get count(): number {
    return this.list.length + this.dropped;
  }

  throwIfAny(code: ErrorCode): void {
    if (this.count === 0) return;
    const all = [...this.list];
    if (this.dropped > 0) {
      all.push({
        file: this.file,
        message: `${this.dropped} more problem(s) not shown (first ${MAX_ISSUES} listed)`,
      });
    }
    throw new InputError(code, all);
  }
}
