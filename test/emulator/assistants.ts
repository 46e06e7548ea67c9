// The scripted assistants present in every mode (API-CONTRACT.md, "Scripted assistants").
// What each one does to a run is in engine.ts; here are their identities and tools.
import type { Tool } from './types';

export type AssistantId = 'asst_echo' | 'asst_tools' | 'asst_code' | 'asst_fail' | 'asst_incomplete' | 'asst_slow';

export interface ScriptedAssistant {
  id: AssistantId;
  name: string;
  model: string;
  instructions: string;
  tools: Tool[];
}

const weatherTool: Tool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Gets the current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name, like Paris' } }, required: ['city'] },
    strict: false,
  },
};

const orderTool: Tool = {
  type: 'function',
  function: {
    name: 'lookup_order',
    description: 'Looks up an order by its id',
    parameters: { type: 'object', properties: { order_id: { type: 'string', description: 'Order id, like ORD-1042' } }, required: ['order_id'] },
    strict: false,
  },
};

export const ASSISTANTS: Record<AssistantId, ScriptedAssistant> = {
  asst_echo: { id: 'asst_echo', name: 'Echo', model: 'gpt-4o', instructions: 'Repeat the last user message.', tools: [] },
  asst_tools: {
    id: 'asst_tools',
    name: 'Tools',
    model: 'gpt-4o',
    instructions: 'Use get_weather and lookup_order to answer.',
    tools: [weatherTool, orderTool],
  },
  asst_code: {
    id: 'asst_code',
    name: 'Code and files',
    model: 'gpt-4o',
    instructions: 'Run code and search the attached files before answering.',
    tools: [{ type: 'code_interpreter' }, { type: 'file_search', file_search: { ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 } } }],
  },
  asst_fail: { id: 'asst_fail', name: 'Fails', model: 'gpt-4o', instructions: 'Always fail.', tools: [] },
  asst_incomplete: { id: 'asst_incomplete', name: 'Runs out of tokens', model: 'gpt-4o', instructions: 'Write at length.', tools: [] },
  asst_slow: { id: 'asst_slow', name: 'Never finishes', model: 'gpt-4o', instructions: 'Think forever.', tools: [] },
};

export function isAssistantId(id: string): id is AssistantId {
  return Object.prototype.hasOwnProperty.call(ASSISTANTS, id);
}
