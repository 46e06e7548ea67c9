// For unit tests of store classes that use two things of `vscode` at run time (an event
// emitter and `l10n.t`): importing this file first makes `import 'vscode'` load these
// stand-ins, which behave as VS Code's do for what the store uses. Nothing else of the
// API exists, so a store that starts to need more fails here instead of passing quietly.
import Module from 'node:module';

type Listener<T> = (event: T) => unknown;

export class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>, thisArgs?: unknown, disposables?: { dispose(): unknown }[]) => {
    const bound: Listener<T> = (e) => listener.call(thisArgs, e);
    this.listeners.add(bound);
    const subscription = { dispose: () => this.listeners.delete(bound) };
    disposables?.push(subscription);
    return subscription;
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** `vscode.l10n.t` with no translation loaded: `{0}`, `{1}`… replaced by the arguments. */
export const l10n = {
  t(message: string, ...args: unknown[]): string {
    return message.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : whole));
  },
};

const moduleWithResolver = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
const resolve = moduleWithResolver._resolveFilename;
moduleWithResolver._resolveFilename = function (request: string, ...rest: unknown[]): string {
  return request === 'vscode' ? __filename : resolve.call(this, request, ...rest);
};
