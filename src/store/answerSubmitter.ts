// What answers a waiting run or response, for both families: a run's tool outputs
// (ToolOutputSubmitter) and a response's outputs and approvals (ResponseContinuer) are
// sent through the same interface, so the panels, the draft editors and the commands
// treat them alike — one answer in flight per run or response, a change event for the
// views, and a submit that never throws. No vscode import at run time.

export interface Subscription {
  dispose(): void;
}

/**
 * Sends the answers a run or response waits for. `Ref` names it, `Input` is what the
 * user wrote (parsed tool outputs, or the continue document's text), `Result` says what
 * happened in a sentence.
 */
export interface AnswerSubmitter<Ref, Input, Options, Result> {
  /** Whether an answer to `ref` is under way (the views show it as busy). */
  isSubmitting(ref: Ref): boolean;
  /** Called when an answer to a run or response starts or ends. */
  onDidChangeSubmitting(listener: (ref: Ref) => void): Subscription;
  /** Validates, asks where needed, and sends once; never throws. */
  submit(ref: Ref, input: Input, options: Options): Promise<Result>;
}

/** One answer in flight per run or response, with the change event both submitters fire. */
export class InFlight<Ref> {
  private readonly keys = new Set<string>();
  private readonly listeners = new Set<(ref: Ref) => void>();

  constructor(private readonly keyOf: (ref: Ref) => string) {}

  has(ref: Ref): boolean {
    return this.keys.has(this.keyOf(ref));
  }

  onDidChange(listener: (ref: Ref) => void): Subscription {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Runs `send` as the one answer to `ref` in flight, or returns `busy()` without running
   * it when another is under way. Marked before `send` starts, cleared when it settles.
   */
  async exclusive<T>(ref: Ref, busy: () => T, send: () => Promise<T>): Promise<T> {
    if (this.has(ref)) return busy();
    this.set(ref, true);
    try {
      return await send();
    } finally {
      this.set(ref, false);
    }
  }

  private set(ref: Ref, on: boolean): void {
    if (on) this.keys.add(this.keyOf(ref));
    else this.keys.delete(this.keyOf(ref));
    for (const listener of [...this.listeners]) listener(ref);
  }
}
