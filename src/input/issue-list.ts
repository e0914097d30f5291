/**
 * @module input/issue-list
 * The issues found in one input file: every loader reports up to {@link MAX_ISSUES} of them at once (so a user
 * fixes several mistakes per run), then only how many more there are.
 */
import { ErrorCode, InputError, type InputIssue, MAX_ISSUES } from '../errors/index.js';

export { MAX_ISSUES };

/** Longest value quoted in an issue ("got"); longer ones are clipped with an ellipsis. */
const MAX_GOT = 60;

/** `s` clipped for quoting in an issue. */
export function clip(s: string): string {
  return s.length > MAX_GOT ? `${s.slice(0, MAX_GOT)}…` : s;
}

/** Collects issues for one file, keeping the first {@link MAX_ISSUES} and counting the rest. */
export class IssueList {
  readonly list: InputIssue[] = [];
  private dropped = 0;
  /** `file`: the file every issue is in, as the user named it (none for input that is not a file). */
  constructor(private readonly file?: string) {}

  add(issue: Omit<InputIssue, 'file'>): void {
    if (this.list.length < MAX_ISSUES) this.list.push(this.inFile(issue));
    else this.dropped++;
  }

  get count(): number {
    return this.list.length + this.dropped;
  }

  throwIfAny(code: ErrorCode): void {
    if (this.count === 0) return;
    const all = [...this.list];
    if (this.dropped > 0) {
      all.push(
        this.inFile({ message: `${this.dropped} more problem(s) not shown (first ${MAX_ISSUES} listed)` }),
      );
    }
    throw new InputError(code, all);
  }

  private inFile(issue: Omit<InputIssue, 'file'>): InputIssue {
    return this.file === undefined ? issue : { file: this.file, ...issue };
  }
}
