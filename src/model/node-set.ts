/**
 * @module model/node-set
 * A set of node indices with O(1) add, remove and membership, iterated as a dense array. Lets hot loops visit
 * only the nodes that can matter (e.g. those with a free device) instead of the whole cluster. The iteration
 * order depends on the history of changes, so users must not let it decide anything (ties go by rank).
 */
export class NodeSet {
  /** Members in `items[0 .. size)`. */
  readonly items: Int32Array;
  private readonly pos: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.count;
  }

  has(node: number): boolean {
    return this.pos[node] >= 0;
  }

  add(node: number): void {
    if (this.pos[node] >= 0) return;
    this.pos[node] = this.count;
    this.items[this.count++] = node;
  }

  delete(node: number): void {
    const at = this.pos[node];
    if (at < 0) return;
    const last = this.items[--this.count];
    this.items[at] = last;
    this.pos[last] = at;
    this.pos[node] = -1;
  }

  /** Adds or removes `node` so that membership equals `member`. */
  set(node: number, member: boolean): void {
    if (member) this.add(node);
    else this.delete(node);
  }
}
