import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, DEMO_CONNECTION_NAME, describeRequests, emulatorOrigin, labelOf, servedRequests, treeChildren, waitFor, type ServedRequest, groupNode } from './helpers';

/** Every `thread_…` id named anywhere in DEMO (whatever its shape). */
function demoThreadIds(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string' && /^thread_/.test(value)) found.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) demoThreadIds(v, found);
  return found;
}

describe('Demo connection', () => {
  it('the tree shows the demo connection at the root', async () => {
    const api = await activatedApi();
    const roots = await treeChildren(api);
    const labels = roots.map((r) => labelOf(r.item));
    assert.ok(labels.includes(DEMO_CONNECTION_NAME), `root rows: ${JSON.stringify(labels)}`);
  });

  it('expanding it lists the service\'s threads, every demo thread among them, fetched with GET /threads', async () => {
    const api = await activatedApi();
    await clearServedRequests();
    // Earlier tests may have listed the threads already; Refresh reads them again.
    await vscode.commands.executeCommand('agentRuns.refresh');
    const connection = (await treeChildren(api)).find((r) => labelOf(r.item) === DEMO_CONNECTION_NAME);
    assert.ok(connection, 'no demo connection row');
    const rows = await waitFor('thread rows under the demo connection', async () => {
      const children = await treeChildren(api, await groupNode(api, 'threads'));
      return children.some((c) => c.item.contextValue?.startsWith('thread')) ? children : undefined;
    });
    const isListThreads = (r: ServedRequest) => r.method === 'GET' && /\/api\/projects\/[^/]+\/threads$/.test(r.path);
    const requests = await waitFor('a GET …/threads request', async () => {
      const served = await servedRequests();
      return served.some(isListThreads) ? served : undefined;
    }, 5000).catch(async (err: Error) => assert.fail(`${err.message}; served:\n  ${describeRequests(await servedRequests())}`));
    const listThreads = requests.filter(isListThreads);
    assert.equal(listThreads[0].query?.['api-version'], 'v1', 'GET /threads without api-version=v1');
    assert.equal(listThreads[0].query?.limit, '100', 'pages are requested with limit=100');

    // The rows are the service's first page of threads, in its order, and every demo thread
    // is among them (read after the request log: this is a GET /threads too).
    const res = await fetch(`${emulatorOrigin()}/api/projects/${DEMO.project}/threads?api-version=v1&limit=100`);
    assert.equal(res.status, 200);
    const page = (await res.json()) as { data: { id: string }[]; has_more: boolean };
    const hidden = api.services.registry.hidden('demo');
    const listed = page.data.map((t) => t.id).filter((id) => !hidden.includes(id));
    const prefix = `c/demo/t/`;
    const shown = rows.filter((r) => r.item.id?.startsWith(prefix) && r.item.contextValue?.startsWith('thread')).map((r) => r.item.id!.slice(prefix.length));
    assert.deepEqual(shown, listed, `rows:\n${rows.map((r) => `${r.item.id} ${labelOf(r.item)}`).join('\n')}`);
    assert.equal(rows.some((r) => r.item.contextValue === 'loadMore'), page.has_more, 'a Load more row without more threads, or more threads without one');
    const expected = [...demoThreadIds(DEMO)];
    const missing = expected.filter((id) => !shown.includes(id));
    assert.deepEqual(missing, [], `demo threads missing from the tree (shown: ${shown.join(', ')})`);
  });
});
