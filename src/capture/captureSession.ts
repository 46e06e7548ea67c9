// One capture: a proxy to one connection's upstream and what it records. Stop ends the
// recording at once, but the port keeps forwarding: terminals that already got its URL
// keep using it until they close, and their app must not start failing.
import { CaptureProxy } from './proxy';
import { scanningTap, type CaptureEvent } from './idScanner';

export type CaptureState = 'recording' | 'forwardingOnly' | 'stopped';

export interface CaptureSessionOptions {
  /** Base URL the proxy forwards to (the connection's; see captureUpstream). */
  upstream: string;
}

export interface Listener {
  dispose(): void;
}

export class CaptureSession {
  private current: CaptureState = 'recording';
  private readonly eventListeners = new Set<(event: CaptureEvent) => void>();
  private readonly stateListeners = new Set<(state: CaptureState) => void>();

  private constructor(private readonly proxy: CaptureProxy) {}

  /** Starts a proxy on 127.0.0.1 and a free port, recording. */
  static async start(options: CaptureSessionOptions): Promise<CaptureSession> {
    let session: CaptureSession | undefined;
    const proxy = await CaptureProxy.start({
      upstream: options.upstream,
      // Decided per request: a request that began while recording is recorded to its end.
      tap: (start) => (session?.state === 'recording' ? scanningTap(start, (e) => session?.fire(e)) : undefined),
    });
    session = new CaptureSession(proxy);
    return session;
  }

  get state(): CaptureState {
    return this.current;
  }

  /** The URL the app uses instead of the upstream's (carries this session's token). */
  get baseUrl(): string {
    return this.proxy.baseUrl;
  }

  get upstream(): string {
    return this.proxy.upstream.href;
  }

  /** Stops recording; the port keeps forwarding for the apps that already use it. */
  stop(): void {
    if (this.current === 'recording') this.setState('forwardingOnly');
  }

  /** Records again on the same port (Start Capture while the port still forwards). */
  resume(): void {
    if (this.current === 'forwardingOnly') this.setState('recording');
  }

  /** Closes the port and every connection through it. */
  async dispose(): Promise<void> {
    if (this.current === 'stopped') return;
    this.setState('stopped');
    this.eventListeners.clear();
    await this.proxy.close();
    this.stateListeners.clear();
  }

  onDidCapture(listener: (event: CaptureEvent) => void): Listener {
    this.eventListeners.add(listener);
    return { dispose: () => this.eventListeners.delete(listener) };
  }

  onDidChangeState(listener: (state: CaptureState) => void): Listener {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  private fire(event: CaptureEvent): void {
    for (const l of [...this.eventListeners]) l(event);
  }

  private setState(state: CaptureState): void {
    this.current = state;
    for (const l of [...this.stateListeners]) l(state);
  }
}
