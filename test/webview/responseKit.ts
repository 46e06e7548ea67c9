// States of the response panel's page, built by the extension's own code (Responses
// adapter → model → view model) from the emulator's demo responses, recorded bodies and a
// hostile corpus.
import { parseItemPage, parseResponse, type Response, type ResponseItem } from '../../src/api/responses/schemas';
import { fromResponse, type LaterItems } from '../../src/model/responses';
import { buildResponseView, type ChainRuns } from '../../src/panels/responseViewModel';
import type { ResponsePanelState } from '../../src/shared/protocol';
import { HOSTILE } from './panelKit';

export function responseStateOf(
  response: Response,
  inputItems: ResponseItem[] = [],
  extra: { later?: LaterItems; hasMore?: boolean; nextIds?: string[]; chain?: ChainRuns; nowMs?: number } & Partial<ResponsePanelState> = {},
): ResponsePanelState {
  const { later, hasMore = false, nextIds = [], chain, nowMs, ...rest } = extra;
  const run = fromResponse({ response, inputItems, later });
  return {
    ref: { connectionId: 'demo', responseId: response.id },
    connectionName: 'Emulator (demo)',
    loading: false,
    error: null,
    live: run.active,
    updatedAt: Date.now(),
    cancelMessage: null,
    response: buildResponseView({ run, inputs: { loaded: true, loading: false, hasMore, error: undefined }, nextIds, chain, nowMs }),
    ...rest,
  };
}

/** A demo response as the panel would show it: read with include[] and its first page of input items. */
export async function demoResponseState(baseURL: string, responseId: string): Promise<ResponsePanelState> {
  const get = async (path: string) => {
    const res = await fetch(`${baseURL}${path}`);
    if (!res.ok) throw new Error(`GET ${path} → ${res.status}`);
    return (await res.json()) as unknown;
  };
  const include = 'include[]=code_interpreter_call.outputs&include[]=file_search_call.results&include[]=web_search_call.action.sources';
  const response = parseResponse(await get(`/responses/${responseId}?${include}`));
  const page = parseItemPage(await get(`/responses/${responseId}/input_items?limit=100&order=asc&${include}`));
  return responseStateOf(response, page.items, { hasMore: page.hasMore });
}

/** A response (and its input items) whose every field a person reads carries `h(n)`, in every item kind. */
export function hostileResponseObjects(h: (n: number) => string): { response: Record<string, unknown>; inputs: Record<string, unknown>[] } {
  const metadata: Record<string, string> = {};
  for (let i = 0; i < 16; i++) metadata[`${h(i).slice(0, 40)}#${i}`] = h(i + 5);
  const text = Array.from({ length: 8 }, (_, i) => h(i)).join(' ');
  const output: Record<string, unknown>[] = [
    {
      id: 'msg_hostile',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      content: [
        {
          type: 'output_text',
          text,
          annotations: Array.from({ length: 8 }, (_, i) => h(i)).map((s, i) => ({ type: i % 2 ? 'url_citation' : h(i), start_index: i, end_index: i + 5, url: i % 2 ? `javascript:window.__pwned=${i}` : s, title: s, file_id: s, filename: s, container_id: s })),
        },
        { type: 'refusal', refusal: h(3) },
        { type: h(4), html: h(5) },
      ],
    },
    ...Array.from({ length: 10 }, (_, i) => h(i)).map((s, i) => ({ id: `fc_${i}`, type: 'function_call', status: 'completed', call_id: `call_${i}\u202e${i}`, name: s, arguments: JSON.stringify({ a: s }) })),
    { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_c', name: h(1), input: h(2) },
    { id: 'ci_1', type: 'code_interpreter_call', status: 'completed', code: h(3), container_id: h(4), outputs: [{ type: 'logs', logs: h(5) }, { type: 'image', url: `data:image/svg+xml;base64,${Buffer.from(h(2)).toString('base64')}` }, { type: h(6), x: h(7) }] },
    { id: 'fs_1', type: 'file_search_call', status: 'completed', queries: [h(8)], results: [{ file_id: h(9), filename: h(10), score: 0.5, text: h(11), attributes: { k: h(12) } }] },
    { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: h(13), sources: [{ type: 'url', url: `javascript:window.__pwned='src'` }, { type: h(14), name: h(15) }] } },
    { id: 'ws_2', type: 'web_search_call', status: 'completed', action: { type: 'find_in_page', url: h(16), pattern: h(17) } },
    { id: 'ig_1', type: 'image_generation_call', status: 'completed', result: Buffer.from(h(18)).toString('base64'), revised_prompt: h(19) },
    { id: 'cu_1', type: 'computer_call', status: 'completed', call_id: 'call_cu', action: { type: 'type', text: h(20) }, pending_safety_checks: [{ id: 'sc', code: h(21), message: h(22) }] },
    { id: 'mcp_1', type: 'mcp_call', server_label: h(23), name: h(24), arguments: h(25), output: h(26), error: { message: h(27) } },
    { id: 'mcpl_1', type: 'mcp_list_tools', server_label: h(28), tools: [{ name: h(29), description: h(30), input_schema: {} }] },
    { id: 'mcpr_1', type: 'mcp_approval_request', server_label: h(31), name: h(32), arguments: h(33) },
    { id: 'sh_1', type: 'shell_call', call_id: 'call_sh', status: 'completed', action: { commands: [h(34), h(35)] } },
    { id: 'ap_1', type: 'apply_patch_call', call_id: 'call_ap', status: 'completed', operation: { type: 'update_file', path: h(36), diff: h(37) } },
    { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: h(38) }] },
    { id: 'wfa_1', type: 'workflow_action', kind: h(39), action_id: h(40), status: 'completed' },
    { id: 'x_1', type: h(41), status: h(42), payload: h(43) },
  ];
  const response = {
    id: 'resp_hostile\u202e1',
    object: 'response',
    created_at: 1_750_000_000,
    status: 'failed',
    model: h(0),
    agent: { type: 'agent_id', name: h(1), version: h(2) },
    conversation: { id: `conv_${h(3)}` },
    previous_response_id: `resp_${h(4)}`,
    instructions: Array.from({ length: 8 }, (_, i) => h(i)).join('\n'),
    error: { code: h(5), message: text },
    incomplete_details: { reason: h(6) },
    tools: [{ type: 'function', name: h(7), description: h(8) }],
    tool_choice: h(9),
    text: { format: { type: h(10) } },
    truncation: h(11),
    metadata,
    output,
  };
  const inputs = [{ id: 'msg_in', type: 'message', role: h(12), content: [{ type: 'input_text', text }, { type: 'input_image', image_url: `javascript:window.__pwned='img'` }, { type: 'input_file', filename: h(13), file_url: h(14) }] }, { id: 'fco_0', type: 'function_call_output', call_id: 'call_0', output: h(15) }];
  return { response, inputs };
}

/** The hostile corpus of the run panel's tests in every field of a response. */
export function hostileResponseState(): ResponsePanelState {
  const h = (i: number) => HOSTILE[i % HOSTILE.length]!;
  const { response, inputs } = hostileResponseObjects(h);
  return responseStateOf(parseResponse(response), inputs as ResponseItem[], { nextIds: [`resp_${h(16).replace(/\s/g, '')}`.slice(0, 500)] });
}
