// Connections: non-secret settings in `agentRuns.connections`, keys only in SecretStorage,
// Entra tokens from VS Code's `microsoft` authentication provider. Hands out one API
// client per connection and rebuilds it when settings or credentials change.
import * as vscode from 'vscode';
import type OpenAI from 'openai';
import { AgentsClient, type AgentsApi } from '../api/client';
import type { ClientOptions } from '../api/openaiClient';
import { createResponsesClient } from '../api/responses/calls';
import {
  authOf,
  azureAgentsScope,
  azureOpenAIScope,
  parseConnections,
  type Connection,
} from '../api/connection';
import type { ArchiveStore } from '../archive/archiveStore';
import { Disposable } from '../util/disposable';
import type { Log } from '../util/log';
import { registerSecret } from '../util/redact';

const settingsSection = 'agentRuns';
const secretKey = (id: string) => `agentRuns.connection.${id}.key`;

export class ConnectionStore extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when connections are added, edited, removed, or their credentials change. */
  readonly onDidChange = this.changed.event;

  private connections: Connection[] = [];
  private readonly clients = new Map<string, AgentsApi>();
  private readonly responsesClients = new Map<string, OpenAI>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Log,
    /** Export files opened read-only, listed after the configured connections. */
    readonly archives: ArchiveStore,
  ) {
    super();
    this.reload();
    this._register(
      archives.onDidChange(() => {
        this.reload();
        this.changed.fire();
      }),
    );
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`${settingsSection}.connections`) || e.affectsConfiguration(`${settingsSection}.requestTimeoutSeconds`)) {
          this.reload();
          this.changed.fire();
        }
      }),
    );
    this._register(
      secrets.onDidChange((e) => {
        if (e.key.startsWith('agentRuns.connection.')) {
          this.clearClients();
          this.changed.fire();
        }
      }),
    );
    this._register(
      vscode.authentication.onDidChangeSessions((e) => {
        if (e.provider.id === 'microsoft') this.changed.fire();
      }),
    );
  }

  private reload(): void {
    const raw = vscode.workspace.getConfiguration(settingsSection).get<unknown>('connections', []);
    const { connections, problems } = parseConnections(raw);
    for (const problem of problems) this.log.warn(`Ignored a connection in settings: ${problem}`);
    this.connections = [...connections, ...this.archives.connections().filter((a) => !connections.some((c) => c.id === a.id))];
    this.clearClients();
    void vscode.commands.executeCommand('setContext', 'agentRuns.connectionCount', this.connections.length);
  }

  list(): readonly Connection[] {
    return this.connections;
  }

  get(id: string): Connection | undefined {
    return this.connections.find((c) => c.id === id);
  }

  /** Whether the connection is an archive (export files opened read-only): nothing of it is sent, polled or waited for. */
  isArchive(id: string): boolean {
    return this.get(id)?.archive !== undefined;
  }

  private clearClients(): void {
    this.clients.clear();
    this.responsesClients.clear();
  }

  private clientOptions(id: string): ClientOptions {
    const connection = this.get(id);
    if (!connection) throw new Error(vscode.l10n.t('No connection with id "{0}".', id));
    const timeoutSeconds = vscode.workspace.getConfiguration(settingsSection).get<number>('requestTimeoutSeconds', 60);
    return {
      connection,
      credential: () => this.credential(connection),
      timeoutMs: timeoutSeconds * 1000,
      log: (entry) => this.log.request(entry),
      // An archive's requests are answered from its files.
      ...(connection.archive !== undefined ? { fetch: this.archives.fetchFor(connection.id) } : {}),
    };
  }

  /** The Assistants client (threads, runs, steps). */
  client(id: string): AgentsApi {
    let client = this.clients.get(id);
    if (client) return client;
    const options = this.clientOptions(id);
    client = new AgentsClient(options.connection, options);
    this.clients.set(id, client);
    return client;
  }

  /** The client of the connection's Responses surface (responses, conversations, items). */
  responsesClient(id: string): OpenAI {
    let client = this.responsesClients.get(id);
    if (client) return client;
    const options = this.clientOptions(id);
    client = createResponsesClient(options.connection, options);
    this.responsesClients.set(id, client);
    return client;
  }

  /** The key or token for a connection; undefined when there is none (signed out, no key). */
  async credential(connection: Connection, interactive = false): Promise<string | undefined> {
    const auth = authOf(connection);
    if (auth === 'none') return undefined;
    if (auth === 'key') {
      const key = await this.secrets.get(secretKey(connection.id));
      registerSecret(key);
      return key;
    }
    const scope = connection.kind === 'azure-openai' ? azureOpenAIScope : azureAgentsScope;
    // getSession refreshes an expired token itself; `silent` never shows UI.
    const session = await vscode.authentication.getSession('microsoft', [scope], interactive ? { createIfNone: true } : { silent: true });
    registerSecret(session?.accessToken);
    return session?.accessToken;
  }

  /** Whether the connection lacks what it needs to authenticate. */
  async isSignedOut(connection: Connection): Promise<boolean> {
    const auth = authOf(connection);
    if (auth === 'none') return false;
    return (await this.credential(connection)) === undefined;
  }

  async signIn(connection: Connection): Promise<void> {
    await this.credential(connection, true);
    this.changed.fire();
  }

  async hasKey(id: string): Promise<boolean> {
    return (await this.secrets.get(secretKey(id))) !== undefined;
  }

  /** Adds or replaces a connection; `key` (when given) goes to secret storage only. */
  async save(connection: Connection, key?: string): Promise<void> {
    if (key !== undefined) {
      registerSecret(key);
      if (key) await this.secrets.store(secretKey(connection.id), key);
      else await this.secrets.delete(secretKey(connection.id));
    }
    const config = vscode.workspace.getConfiguration(settingsSection);
    const raw = config.get<unknown[]>('connections', []);
    const list = Array.isArray(raw) ? [...raw] : [];
    const index = list.findIndex((c) => (c as { id?: unknown })?.id === connection.id);
    const entry = Object.fromEntries(Object.entries(connection).filter(([, v]) => v !== undefined && v !== ''));
    if (index >= 0) list[index] = entry;
    else list.push(entry);
    await config.update('connections', list, vscode.ConfigurationTarget.Global);
    this.reload();
    this.changed.fire();
  }

  async remove(id: string): Promise<void> {
    if (this.isArchive(id)) return this.archives.remove(id);
    await this.secrets.delete(secretKey(id));
    const config = vscode.workspace.getConfiguration(settingsSection);
    const raw = config.get<unknown[]>('connections', []);
    const list = (Array.isArray(raw) ? raw : []).filter((c) => (c as { id?: unknown })?.id !== id);
    await config.update('connections', list, vscode.ConfigurationTarget.Global);
    // A selection that names a connection which no longer exists would linger in settings.
    if (config.inspect<string>('activeConnection')?.globalValue === id) {
      await config.update('activeConnection', undefined, vscode.ConfigurationTarget.Global);
    }
    this.reload();
    this.changed.fire();
  }
}
