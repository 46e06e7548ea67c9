// The one capture of the window: which connection records, the variable that points new
// terminals and debug sessions at its proxy, and what each captured request adds to the
// tree. Stop ends recording at once and takes the variable back; the port keeps
// forwarding (terminals that already got the URL keep it) until the window reloads.
import * as vscode from 'vscode';
import type { Connection } from '../api/connection';
import { toSentence } from '../api/errors';
import { isActiveRun } from '../api/schemas';
import { captureUpstream, captureVariable, type CaptureVariable } from '../capture/captureEnvironment';
import { captureLogLine, debugEnvWith, isCapturedFailure, type CaptureRegistrations } from '../capture/captureMapping';
import { CaptureSession } from '../capture/captureSession';
import type { CaptureEvent } from '../capture/idScanner';
import { isActivePhase, statusOf } from '../model/run';
import { Disposable } from '../util/disposable';
import type { Log } from '../util/log';
import type { CapturedObjects } from './capturedObjects';
import type { ConnectionStore } from './connectionStore';
import { followResponse, followRun } from './followRun';
import type { LiveScheduler } from './liveScheduler';
import type { ResponseStore } from './responseStore';
import type { RunStore } from './runStore';

/** The capture that records now. */
export interface ActiveCapture {
  connection: Connection;
  session: CaptureSession;
  /** What hands the URL to an app; `none` says why no variable can. */
  variable: CaptureVariable;
  /** Requests captured since Start. */
  count: number;
}

export interface CaptureControllerDeps {
  connections: Pick<ConnectionStore, 'get' | 'onDidChange'>;
  store: RunStore;
  responses: ResponseStore;
  scheduler: LiveScheduler;
  captured: CapturedObjects;
  log: Log;
  environment: vscode.GlobalEnvironmentVariableCollection;
}

/** The context key menus use: `recording`, `forwarding` (stopped, port still open) or `off`. */
export const captureContextKey = 'agentRuns.capture';

export class CaptureController extends Disposable implements vscode.DebugConfigurationProvider {
  /** Every open port, by connection: at most one records; the others only forward. */
  private readonly sessions = new Map<string, CaptureSession>();
  private active: ActiveCapture | undefined;
  /** Ids added to the tree (or followed) in this window, so a polling app does not re-add them. */
  private readonly registered = new Set<string>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when recording starts or stops, and on each captured request. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly deps: CaptureControllerDeps) {
    super();
    deps.environment.persistent = false;
    this._register({ dispose: () => void this.close() });
    // A connection removed while recording: stop (its port keeps forwarding for its apps).
    this._register(deps.connections.onDidChange(() => this.active && !deps.connections.get(this.active.connection.id) && this.stop()));
    this.setContext();
  }

  /** What records now, if anything. */
  get current(): ActiveCapture | undefined {
    return this.active;
  }

  /** Ports still open that record nothing (terminals may use them). */
  get forwardingOnly(): number {
    return [...this.sessions.values()].filter((s) => s.state === 'forwardingOnly').length;
  }

  /**
   * Records the connection's traffic: on the port it already forwards through (the
   * terminals that have its URL are recorded again), else on a new one. Whatever
   * recorded before stops recording (its port keeps forwarding).
   */
  async start(connection: Connection): Promise<ActiveCapture> {
    if (this.active?.connection.id === connection.id) return this.active;
    this.stopRecording();
    const upstream = captureUpstream(connection);
    let session = this.sessions.get(connection.id);
    if (session && session.upstream !== new URL(upstream).href) {
      // The connection now points elsewhere: its old port keeps forwarding where it did.
      this.sessions.delete(connection.id);
      this.sessions.set(`${connection.id}#${session.baseUrl}`, session);
      session = undefined;
    }
    if (session) session.resume();
    else {
      session = await CaptureSession.start({ upstream });
      this.sessions.set(connection.id, session);
      const connectionId = connection.id;
      session.onDidCapture((event) => this.onCapture(connectionId, event));
    }
    const variable = captureVariable(connection, session.baseUrl);
    this.active = { connection, session, variable, count: 0 };
    this.applyEnvironment(variable, connection);
    this.deps.log.info(`capture [${connection.name}] recording; forwarding to ${session.upstream}`);
    this.setContext();
    this.changed.fire();
    return this.active;
  }

  /** Stops recording at once; new terminals no longer get the URL; the port keeps forwarding. */
  stop(): ActiveCapture | undefined {
    const stopped = this.active;
    this.stopRecording();
    this.setContext();
    this.changed.fire();
    return stopped;
  }

  private stopRecording(): void {
    if (!this.active) return;
    this.active.session.stop();
    this.deps.environment.clear();
    this.deps.log.info(`capture [${this.active.connection.name}] stopped; the port keeps forwarding, recording nothing`);
    this.active = undefined;
  }

  private applyEnvironment(variable: CaptureVariable, connection: Connection): void {
    const env = this.deps.environment;
    env.clear();
    if (variable.kind !== 'variable') return;
    env.description = vscode.l10n.t('Agent Runs captures the requests of this terminal\'s apps to {0} ({1} points at a local recording proxy).', connection.name, variable.name);
    env.replace(variable.name, variable.value);
  }

  /** Adds the capture variable to a launch started while capture records (any debugger). */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration {
    const active = this.active;
    if (!active) return config;
    const result = debugEnvWith(config.env, active.variable);
    if (result.kind === 'kept') {
      this.deps.log.warn(`capture [${active.connection.name}] launch "${config.name}" sets ${result.name} itself: left as it is, not captured`);
      return config;
    }
    if (result.kind === 'none') return config;
    return { ...config, env: result.env };
  }

  private onCapture(connectionId: string, event: CaptureEvent): void {
    const connection = this.deps.connections.get(connectionId);
    const name = connection?.name ?? connectionId;
    const line = captureLogLine(name, event);
    if (isCapturedFailure(event)) this.deps.log.warn(line);
    else this.deps.log.info(line);
    if (this.active?.connection.id === connectionId) this.active.count += 1;
    const registrations = this.deps.captured.record(connectionId, event);
    // A connection removed while its port still forwards: nothing to add its ids to.
    if (connection) {
      this.register(connectionId, event, registrations).catch((error: unknown) => {
        this.deps.log.warn(toSentence(error, `capture [${name}] could not add ${event.path} to the tree`));
      });
    }
    this.changed.fire();
  }

  /** Adds the ids to the connection's tree, reads what changed, and follows what is active. */
  private async register(connectionId: string, event: CaptureEvent, r: CaptureRegistrations): Promise<void> {
    const { store, responses, scheduler } = this.deps;
    const fresh = (kind: string, ids: string[]) => ids.filter((id) => !this.registered.has(`${connectionId}|${kind}|${id}`) && (this.registered.add(`${connectionId}|${kind}|${id}`), true));
    const threads = fresh('thread', [...new Set([...r.threads, ...r.runs.map((run) => run.threadId)])]);
    const conversations = fresh('conv', r.conversations);
    const newResponses = fresh('resp', r.responses.map((x) => x.responseId));
    const work: Promise<unknown>[] = [];
    if (threads.length) work.push(store.rememberThreads(connectionId, threads));
    if (conversations.length) work.push(responses.rememberConversations(connectionId, conversations));
    if (newResponses.length) work.push(responses.rememberResponses(connectionId, newResponses));
    await Promise.all(work);

    for (const run of r.runs) {
      const ref = { connectionId, threadId: run.threadId, runId: run.runId };
      const known = store.run(connectionId, run.threadId, run.runId);
      // Read again only what the app saw change (an app polling a run costs the service nothing more).
      if (!known || (run.summary?.status !== undefined && run.summary.status !== known.status)) await store.fetchRun(connectionId, run.threadId, run.runId);
      const status = run.summary?.status ?? store.run(connectionId, run.threadId, run.runId)?.status;
      if (status && isActiveRun({ status }) && !scheduler.isLive(ref)) followRun(scheduler, ref);
    }
    for (const response of r.responses) {
      const ref = { connectionId, responseId: response.responseId };
      const known = responses.response(connectionId, response.responseId);
      if (known && response.summary?.status !== undefined && response.summary.status !== known.status) await responses.fetchResponse(connectionId, response.responseId).catch(() => undefined);
      const status = response.summary?.status ?? known?.status ?? undefined;
      if (status && isActivePhase(statusOf(status).phase) && !scheduler.isLive(ref)) followResponse(scheduler, ref);
    }
    // What the request added to a conversation: read its lists again where they are shown.
    if (event.method.toUpperCase() !== 'GET') {
      for (const conversationId of r.conversations) {
        if (responses.conversationResponseList(connectionId, conversationId).loaded) await responses.loadConversationResponses(connectionId, conversationId);
        if (responses.itemList(connectionId, conversationId).loaded) await responses.loadItems(connectionId, conversationId);
      }
      // New messages on a thread (a run's are read with its panel).
      for (const threadId of new Set([...r.threads, ...r.runs.map((run) => run.threadId)])) {
        if (store.messageList(connectionId, threadId).loaded) await store.loadMessages(connectionId, threadId, undefined);
      }
    }
  }

  private setContext(): void {
    const state = this.active ? 'recording' : this.forwardingOnly ? 'forwarding' : 'off';
    void vscode.commands.executeCommand('setContext', captureContextKey, state);
  }

  /** Closes every port (deactivation); nothing stays behind. */
  async close(): Promise<void> {
    this.active = undefined;
    this.deps.environment.clear();
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
  }
}
