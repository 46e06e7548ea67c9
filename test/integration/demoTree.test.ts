import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEMO } from '../emulator/demoIds';
import { activatedApi, clearServedRequests, DEMO_CONNECTION_NAME, describeRequests, labelOf, servedRequests, treeChildren, waitFor, type ServedRequest } from './helpers';

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

  it('expanding it lists the demo threads, fetched with GET /threads', async () => {
    const api = await activatedApi();
    await clearServedRequests();
    // Earlier tests may have listed the threads already; Refresh reads them again.
    await vscode.commands.executeCommand('agentRuns.refresh');
    const connection = (await treeChildren(api)).find((r) => labelOf(r.item) === DEMO_CONNECTION_NAME);
    assert.ok(connection, 'no demo connection row');
    const rows = await waitFor('thread rows under the demo connection', async () => {
      const children = await treeChildren(api, connection.element);
      return children.some((c) => /thread_/.test(`${labelOf(c.item)} ${c.item.description ?? ''} ${c.item.id ?? ''} ${c.item.tooltip ?? ''}`)) ? children : undefined;
    });
    const text = rows.map((c) => `${labelOf(c.item)} ${c.item.description ?? ''} ${c.item.id ?? ''} ${typeof c.item.tooltip === 'string' ? c.item.tooltip : c.item.tooltip?.value ?? ''}`).join('\n');
    const expected = [...demoThreadIds(DEMO)];
    assert.ok(expected.length > 0, 'DEMO names no thread ids');
    const shown = expected.filter((id) => text.includes(id));
    assert.ok(shown.length > 0, `none of the demo threads ${expected.join(', ')} is shown; rows:\n${text}`);

    const isListThreads = (r: ServedRequest) => r.method === 'GET' && /\/api\/projects\/[^/]+\/threads$/.test(r.path);
    const requests = await waitFor('a GET …/threads request', async () => {
      const served = await servedRequests();
      return served.some(isListThreads) ? served : undefined;
    }, 5000).catch(async (err: Error) => assert.fail(`${err.message}; served:\n  ${describeRequests(await servedRequests())}`));
    const listThreads = requests.filter(isListThreads);
    assert.equal(listThreads[0].query?.['api-version'], 'v1', 'GET /threads without api-version=v1');
    assert.equal(listThreads[0].query?.limit, '100', 'pages are requested with limit=100');
  });
});
