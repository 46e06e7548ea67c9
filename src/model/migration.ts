// Copy Thread to Conversation: the conversation items a classic thread stands for, in
// the order things happened (user messages, then each run's steps in order), and what
// cannot be carried and why. Items carry no marker of ours, so an interrupted copy finds
// where it stopped by comparing the items the service holds with the plan, position by
// position, by content. Free of `vscode`.
import type { Message, Run, RunStep } from '../api/schemas';
import type { ThreadBody } from '../archive/archiveFormat';
import { escapeInline, escapeLine, fence } from './markdownText';

/** An item as `POST /conversations/{id}/items` takes it. */
export type PlannedItem =
  | { type: 'message'; role: 'user'; content: ({ type: 'input_text'; text: string } | { type: 'input_image'; image_url: string; detail?: string })[] }
  | { type: 'message'; role: 'assistant'; content: string }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

/** Something of the thread that is not copied as itself, counted, with the reason. */
export interface NotCarried {
  what: string;
  count: number;
  why: string;
}

export interface MigrationPlan {
  threadId: string;
  items: PlannedItem[];
  counts: { userMessages: number; assistantMessages: number; answeredCalls: number; notes: number };
  notCarried: NotCarried[];
}

/** The API's limit of items per `POST /conversations/{id}/items`. */
export const itemsPerRequest = 20;
/** What the marked notes start with, so nobody takes them for the assistant's words. */
export const notePrefix = '[Agent Run Debugger: copied from a classic thread]';
/** The longest function output the service takes (10 MiB of characters). */
const maxOutputChars = 10_485_760;

/** The metadata a copied conversation carries: where it came from. */
export function migrationMetadata(threadId: string, connectionName: string, now: Date): Record<string, string> {
  return {
    agent_runs_copied_from_thread: threadId.slice(0, 512),
    agent_runs_copied_from_connection: connectionName.slice(0, 512),
    agent_runs_copied_at: now.toISOString(),
  };
}

type Segment = { at: number; order: number; kind: 'message'; message: Message } | { at: number; order: number; kind: 'run'; run: Run; steps: RunStep[] };

export function planMigration(body: ThreadBody): MigrationPlan {
  const notCarried = new Map<string, NotCarried>();
  const skip = (what: string, why: string, count = 1) => {
    const entry = notCarried.get(what) ?? { what, count: 0, why };
    entry.count += count;
    notCarried.set(what, entry);
  };
  const counts = { userMessages: 0, assistantMessages: 0, answeredCalls: 0, notes: 0 };
  const items: PlannedItem[] = [];
  const note = (text: string) => {
    items.push({ type: 'message', role: 'assistant', content: `${notePrefix} ${text}` });
    counts.notes++;
  };

  // Messages a run's steps created are placed by those steps; the others by their time.
  const byId = new Map(body.messages.map((m) => [m.id, m]));
  const placedByRun = new Set<string>();
  for (const { steps } of body.runs) for (const s of steps) if (s.step_details.message_creation?.message_id) placedByRun.add(s.step_details.message_creation.message_id);
  const segments: Segment[] = [];
  body.messages.forEach((message, i) => {
    if (!placedByRun.has(message.id)) segments.push({ at: message.created_at ?? 0, order: i * 2, kind: 'message', message });
  });
  body.runs.forEach(({ run, steps }, i) => segments.push({ at: run.created_at ?? 0, order: i * 2 + 1, kind: 'run', run, steps }));
  // By time; at the same second a message comes before the run it started.
  segments.sort((a, b) => a.at - b.at || (a.kind === b.kind ? a.order - b.order : a.kind === 'message' ? -1 : 1));

  const addMessage = (message: Message) => {
    const texts: string[] = [];
    const images: string[] = [];
    for (const part of message.content) {
      if (part.type === 'text') {
        if (part.text?.value) texts.push(part.text.value);
        const annotations = part.text?.annotations?.length ?? 0;
        if (annotations) skip('annotations', 'citations point at files and steps of the source service, which the conversation does not hold', annotations);
      } else if (part.type === 'image_url' && part.image_url?.url) {
        if (message.role === 'user') images.push(part.image_url.url);
        else skip('images in assistant messages', 'a conversation takes images only in user messages');
      } else if (part.type === 'image_file') {
        skip('image files', 'their file ids belong to the source service’s file storage');
      } else {
        skip(`"${part.type}" message parts`, 'the conversation has no such part');
      }
    }
    if (message.attachments?.length) skip('attachments', 'attached files belong to the source service’s file storage and its vector stores', message.attachments.length);
    if (message.role === 'user') {
      if (!texts.length && !images.length) return skip('empty user messages', 'nothing in them could be copied');
      items.push({
        type: 'message',
        role: 'user',
        content: [...texts.map((text) => ({ type: 'input_text' as const, text })), ...images.map((image_url) => ({ type: 'input_image' as const, image_url }))],
      });
      counts.userMessages++;
    } else {
      if (!texts.length) return skip('empty assistant messages', 'nothing in them could be copied');
      items.push({ type: 'message', role: 'assistant', content: texts.join('\n\n') });
      counts.assistantMessages++;
    }
  };

  for (const segment of segments) {
    if (segment.kind === 'message') {
      addMessage(segment.message);
      continue;
    }
    for (const step of segment.steps) {
      const created = step.step_details.message_creation?.message_id;
      if (created) {
        const message = byId.get(created);
        if (message) addMessage(message);
        continue;
      }
      for (const call of step.step_details.tool_calls ?? []) {
        if (call.type === 'function') {
          const name = call.function?.name ?? '';
          const args = call.function?.arguments ?? '';
          const output = call.function?.output;
          if (call.id && name && output !== null && output !== undefined && output.length <= maxOutputChars) {
            items.push({ type: 'function_call', call_id: call.id, name, arguments: args });
            items.push({ type: 'function_call_output', call_id: call.id, output });
            counts.answeredCalls++;
          } else if (output && output.length > maxOutputChars) {
            note(`The run called ${name}(${clip(args)}); its output of ${output.length} characters is more than a conversation item takes.`);
          } else {
            note(`The run called ${name}(${clip(args)}) and no output was ever submitted for it.`);
          }
        } else if (call.type === 'code_interpreter') {
          const logs = (call.code_interpreter?.outputs ?? []).map((o) => (o as { logs?: string }).logs).filter((l): l is string => !!l);
          note(`Code interpreter ran:\n${fence(call.code_interpreter?.input ?? '')}${logs.length ? `\nIts logs:\n${fence(logs.join('\n'))}` : ''}`);
          skip('code interpreter steps (copied as notes)', 'they need the source’s container and its files');
        } else if (call.type === 'file_search') {
          const files = (call.file_search?.results ?? []).map((r) => r.file_name ?? r.file_id ?? '?');
          note(`File search ran and found ${files.length} result${files.length === 1 ? '' : 's'}${files.length ? `: ${[...new Set(files)].slice(0, 10).join(', ')}` : ''}.`);
          skip('file search steps (copied as notes)', 'they need the source’s vector stores');
        } else {
          note(`The run used the ${call.type} tool.`);
          skip(`${call.type} steps (copied as notes)`, 'the conversation has no item for them');
        }
      }
    }
  }
  const runs = body.runs.length;
  if (runs) skip('run settings (model, instructions, tools, sampling)', 'a conversation holds items, not settings; give them to the responses you create in it', runs);
  return { threadId: body.thread.id, items, counts, notCarried: [...notCarried.values()] };
}

/** How many requests the copy takes. */
export function requestsOf(plan: MigrationPlan): number {
  return Math.ceil(plan.items.length / itemsPerRequest);
}

/** What an item is, by content alone: equal for a planned item and the item the service made of it. */
export function contentKey(item: unknown): string {
  const i = (item ?? {}) as Record<string, unknown>;
  const type = typeof i.type === 'string' ? i.type : typeof i.role === 'string' ? 'message' : '';
  switch (type) {
    case 'message': {
      const content = i.content;
      const parts = typeof content === 'string' ? [content] : Array.isArray(content) ? content.map((p) => partText(p)) : [];
      return JSON.stringify(['message', i.role, parts]);
    }
    case 'function_call':
      return JSON.stringify(['function_call', i.call_id, i.name, i.arguments]);
    case 'function_call_output':
      return JSON.stringify(['function_call_output', i.call_id, i.output]);
    default:
      return JSON.stringify([type, i.id]);
  }
}

function partText(part: unknown): string {
  const p = (part ?? {}) as Record<string, unknown>;
  if (typeof p.text === 'string') return p.text;
  if (typeof p.image_url === 'string') return `image:${p.image_url}`;
  return `${String(p.type)}`;
}

/**
 * Where a copy stands, from the items the conversation holds (oldest first): how many of
 * the plan's items are there. Throws when the conversation holds something else, so
 * that nothing is added after items that are not the plan's.
 */
export function copiedPrefix(plan: readonly PlannedItem[], held: readonly unknown[]): number {
  if (held.length > plan.length) throw new MigrationConflict(`the conversation holds ${held.length} items, more than the ${plan.length} the copy adds`);
  held.forEach((item, i) => {
    if (contentKey(item) !== contentKey(plan[i])) throw new MigrationConflict(`its item ${i + 1} is not the item ${i + 1} the copy adds`);
  });
  return held.length;
}

export class MigrationConflict extends Error {}

/**
 * Items as text to compare, one block each: what the copy planned against what the
 * conversation holds. Planned and stored items of the same content read the same.
 */
export function itemsText(items: readonly unknown[]): string {
  return items
    .map((item, n) => {
      const i = (item ?? {}) as Record<string, unknown>;
      const type = typeof i.type === 'string' ? i.type : typeof i.role === 'string' ? 'message' : 'unknown';
      const head = `#${n + 1} ${type}${typeof i.role === 'string' ? ` (${i.role})` : ''}${typeof i.name === 'string' ? ` ${i.name}` : ''}${typeof i.call_id === 'string' ? ` · ${i.call_id}` : ''}`;
      const body =
        type === 'message'
          ? (typeof i.content === 'string' ? [i.content] : Array.isArray(i.content) ? i.content.map(partText) : []).join('\n')
          : type === 'function_call'
            ? String(i.arguments ?? '')
            : type === 'function_call_output'
              ? typeof i.output === 'string'
                ? i.output
                : JSON.stringify(i.output)
              : JSON.stringify(i);
      return `${head}\n${body}`;
    })
    .join('\n\n')
    .concat('\n');
}

/** The preview: what will be created, and what cannot be carried and why. Markdown. */
export function migrationPreview(plan: MigrationPlan, source: { connection: string }, target: { connection: string }): string {
  const lines = [
    `# Copy ${plan.threadId} to a new conversation`,
    '',
    `From **${escapeLine(source.connection)}** to a new conversation on **${escapeLine(target.connection)}**. The thread is not changed.`,
    '',
    '## What will be created',
    '',
    `- 1 conversation, whose metadata names the thread and its connection`,
    `- ${count(plan.items.length, 'item')}, added in ${count(requestsOf(plan), 'request')} of at most ${itemsPerRequest}:`,
    ...[
      plan.counts.userMessages && `  - ${count(plan.counts.userMessages, 'user message')}`,
      plan.counts.assistantMessages && `  - ${count(plan.counts.assistantMessages, 'assistant message')}`,
      plan.counts.answeredCalls && `  - ${count(plan.counts.answeredCalls, 'function call')} with ${plan.counts.answeredCalls === 1 ? 'its output' : 'their outputs'} (${plan.counts.answeredCalls * 2} items)`,
      plan.counts.notes && `  - ${count(plan.counts.notes, 'note')}: assistant messages that start with “${escapeLine(notePrefix)}”, for what has no item of its own`,
    ].filter((line): line is string => !!line),
    '',
    '## What cannot be carried',
    '',
    ...(plan.notCarried.length ? plan.notCarried.map((n) => `- ${n.count} × ${escapeLine(n.what)}: ${n.why}.`) : ['- Nothing: every message and call has an item.']),
    '',
    '## The items, in order',
    '',
    ...plan.items.map((item, i) => `${i + 1}. ${escapeInline(summary(item))}`),
    '',
  ];
  return lines.join('\n');
}

function summary(item: PlannedItem): string {
  switch (item.type) {
    case 'message': {
      const text = typeof item.content === 'string' ? item.content : item.content.map((p) => (p.type === 'input_text' ? p.text : `[image ${p.image_url.slice(0, 60)}]`)).join(' ');
      return `${item.role}: ${clip(text.replace(/\s+/g, ' '), 120)}`;
    }
    case 'function_call':
      return `function_call ${item.name}(${clip(item.arguments, 80)}) · ${item.call_id}`;
    case 'function_call_output':
      return `function_call_output ${clip(item.output.replace(/\s+/g, ' '), 80)} · ${item.call_id}`;
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function clip(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
