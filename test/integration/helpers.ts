// Shared by the integration tests, which run inside a real VS Code extension host
// (code-server through test/harness, or desktop VS Code through .vscode-test.mjs).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { activate } from '../../src/extension';
import type { TreeNode } from '../../src/views/nodes/treeNode';

export const EXTENSION_ID = 'agent-run-debugger.agent-run-debugger';
export const DEMO_CONNECTION_NAME = 'Emulator (demo)';

/**
 * What activate() returns (src/extension.ts), typed from activate() itself: a rename or a
 * changed signature there breaks the typecheck of the tests that use it.
 */
export type ActivatedApi = ReturnType<typeof activate>;

/** The tree part of it, which the shared helpers below take (the bench and reliability hosts extend it). */
export type ExtensionApi = Pick<ActivatedApi, 'tree'>;

export function extension(): vscode.Extension<ActivatedApi | undefined> {
  const ext = vscode.extensions.getExtension<ActivatedApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** Activates the extension and returns what activate() returned, failing clearly when there is nothing. */
export async function activatedApi(): Promise<ActivatedApi> {
  const api = await extension().activate();
  assert.ok(api && typeof api === 'object', 'activate() returned no API object for tests');
  return api;
}

/** The emulator's origin: from the harness (ARD_EMULATOR_ORIGIN) or the demo connection setting. */
export function emulatorOrigin(): string {
  if (process.env.ARD_EMULATOR_ORIGIN) return process.env.ARD_EMULATOR_ORIGIN;
  const connections = vscode.workspace.getConfiguration('agentRuns').get<{ id: string; baseUrl?: string }[]>('connections') ?? [];
  const demo = connections.find((c) => c.id === 'demo');
  assert.ok(demo?.baseUrl, 'neither ARD_EMULATOR_ORIGIN nor a `demo` connection in agentRuns.connections names the emulator');
  return new URL(demo.baseUrl).origin;
}

export interface ServedRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  status?: number;
  /** When the emulator received it (ISO) and how long it took to answer. */
  time?: string;
  durationMs?: number;
}

/** Requests the emulator served to clients (its own /__emulator/ control routes left out). */
export async function servedRequests(): Promise<ServedRequest[]> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/requests`);
  assert.equal(res.status, 200, `GET /__emulator/requests answered ${res.status}`);
  const body = (await res.json()) as ServedRequest[] | { requests?: ServedRequest[]; data?: ServedRequest[] };
  const list = Array.isArray(body) ? body : body.requests ?? body.data ?? [];
  return list.filter((r) => !r.path.startsWith('/__emulator'));
}

export async function clearServedRequests(): Promise<void> {
  const res = await fetch(`${emulatorOrigin()}/__emulator/requests`, { method: 'DELETE' });
  assert.ok(res.ok, `DELETE /__emulator/requests answered ${res.status}`);
}

export function describeRequests(requests: ServedRequest[]): string {
  const query = (q: ServedRequest['query']) =>
    Object.entries(q ?? {}).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`)).join('&');
  return requests.map((r) => `${r.method} ${r.path}${query(r.query) ? `?${query(r.query)}` : ''} → ${r.status ?? '?'}`).join('\n  ') || '(none)';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String((last as Error).message ?? last)})` : ''}`);
}

export function labelOf(item: vscode.TreeItem): string {
  const label = item.label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

/** The tree items (with their elements) under `element` (the roots when omitted). */
export async function treeChildren(api: ExtensionApi, element?: unknown): Promise<{ element: TreeNode; item: vscode.TreeItem }[]> {
  const children = (await api.tree.getChildren(element as TreeNode | undefined)) ?? [];
  return Promise.all(children.map(async (child) => ({ element: child, item: await api.tree.getTreeItem(child) })));
}

/** The group row (`threads`, `conversations`, `responses`) of a connection, its children read once. */
export async function groupNode(api: ExtensionApi, group: 'threads' | 'conversations' | 'responses', connectionId = 'demo'): Promise<TreeNode> {
  const connId = `c/${connectionId}`;
  const conn = (await treeChildren(api)).find((r) => r.item.id === connId);
  assert.ok(conn, `no ${connId} connection row`);
  const row = (await treeChildren(api, conn.element)).find((r) => r.item.id === `${connId}/${group}`);
  assert.ok(row, `no ${group} group under ${connId}`);
  return row.element;
}

/**
 * The node of a row listed under `parent` (a group, a conversation), reached as a user
 * does: expand it, then press "Load more" until the row is there.
 */
export async function listedNode(api: ExtensionApi, parent: TreeNode, nodeId: string): Promise<TreeNode> {
  await treeChildren(api, parent);
  let node = api.tree.findNode(nodeId);
  for (let i = 0; !node && i < 20; i++) {
    const more = (await treeChildren(api, parent)).find((c) => c.item.contextValue === 'loadMore');
    if (!more) break;
    await vscode.commands.executeCommand('agentRuns.loadMore', more.element);
    await treeChildren(api, parent);
    node = api.tree.findNode(nodeId);
  }
  assert.ok(node, `${nodeId} is not listed under ${parent.id}`);
  return node;
}

/**
 * The node of a thread under the demo connection (`c/demo`, its Threads group), reached
 * as a user does: expand the connection, then press "Load more" until the thread is listed.
 */
export async function demoThreadNode(api: ExtensionApi, threadId: string, connectionId = 'demo'): Promise<TreeNode> {
  return listedNode(api, await groupNode(api, 'threads', connectionId), `c/${connectionId}/t/${threadId}`);
}
