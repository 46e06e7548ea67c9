// Every recorded Responses / Conversations body parses; unknown kinds survive; bad bodies fail clearly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as z from 'zod/mini';
import { SchemaError, parseAs } from '../../src/api/schemas';
import {
  compactedResponseSchema,
  conversationDeletedSchema,
  inputTokensSchema,
  itemSchema,
  knownItemTypes,
  parseConversation,
  parseConversationPage,
  parseItem,
  parseItemPage,
  parseResponse,
  parseResponsePage,
  readItem,
  responseDeletedSchema,
  type ResponseItem,
} from '../../src/api/responses/schemas';
import { recordedResponsesDir } from '../fixtures/paths';
import { mutations, readSse, recordedResponseBodies } from './responsesFixtures';

const files = fs.readdirSync(recordedResponsesDir).filter((f) => f.endsWith('.json') || f.endsWith('.sse'));
const body = (file: string) => JSON.parse(fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8')) as Record<string, unknown>;

/** Every item of a body reads as its kind (all kinds in the recordings are known). */
function assertItemsRead(items: readonly ResponseItem[], where: string): void {
  for (const item of items) {
    const read = readItem(item);
    assert.ok(read.known, `${where}: ${item.type} not read${read.known ? '' : `: ${read.problem}`}`);
  }
}

/** Parses a body by its `object` tag, the way the calls do for each operation. */
function parseByObject(file: string, b: Record<string, unknown>): unknown {
  switch (b.object) {
    case 'response': {
      const r = parseResponse(b);
      assertItemsRead(r.output ?? [], file);
      return r;
    }
    case 'response.compaction': {
      const r = parseAs(compactedResponseSchema, 'compacted response', b);
      assertItemsRead(r.output, file);
      return r;
    }
    case 'response.deleted':
      return parseAs(responseDeletedSchema, 'deleted response', b);
    case 'response.input_tokens':
      return parseAs(inputTokensSchema, 'input token count', b);
    case 'conversation':
      return parseConversation(b);
    case 'conversation.deleted':
      return parseAs(conversationDeletedSchema, 'deleted conversation', b);
    case 'list': {
      const page = parseItemPage(b);
      assertItemsRead(page.items, file);
      return { ...b, data: page.items };
    }
    case undefined: {
      if ('input' in b) {
        // The recorded follow-up request: its input items.
        const items = (b.input as unknown[]).map((i) => parseItem(i));
        assertItemsRead(items, file);
        return { ...b, input: items };
      }
      const item = parseItem(b);
      assertItemsRead([item], file);
      return item;
    }
    default:
      throw new Error(`${file}: no parser for object ${String(b.object)}`);
  }
}

describe('recorded Responses and Conversations bodies', () => {
  it('finds the recorded fixtures', () => assert.equal(files.length, 48));

  for (const file of files.filter((f) => f.endsWith('.json'))) {
    it(`parses ${file}`, () => {
      const b = body(file);
      if (!('object' in b) && b.error) {
        const error = b.error as { message: unknown; code: unknown };
        assert.equal(typeof error.message, 'string');
        return;
      }
      // Unknown fields pass through untouched: the parsed object equals the body.
      assert.deepEqual(parseByObject(file, b), b);
    });
  }

  for (const file of files.filter((f) => f.endsWith('.sse'))) {
    it(`parses every response and item of ${file}`, () => {
      const events = readSse(fs.readFileSync(path.join(recordedResponsesDir, file), 'utf8'));
      assert.ok(events.length >= 4, `${events.length} events`);
      let seen = 0;
      for (const event of events) {
        if (event.response) {
          assert.deepEqual(parseResponse(event.response), event.response);
          seen++;
        }
        if (event.item) {
          assertItemsRead([parseItem(event.item)], `${file} #${event.sequence_number ?? '?'}`);
          seen++;
        }
      }
      assert.ok(seen >= 2, `only ${seen} responses/items in ${file}`);
      // Ruling: Responses streams end with the final response and no [DONE].
      assert.match(String(events.at(-1)?.type), /^response\.(completed|failed|incomplete)$/);
    });
  }

  it('reads every recorded kind, and knows each kind the contract lists', () => {
    const kinds = new Set<string>();
    for (const { response } of recordedResponseBodies()) for (const item of response.output ?? []) kinds.add(item.type);
    assert.ok(kinds.size >= 12, [...kinds].join(', '));
    for (const kind of kinds) assert.ok(knownItemTypes.includes(kind as never), kind);
    for (const kind of ['function_call_output', 'custom_tool_call_output', 'mcp_approval_response', 'image_generation_call', 'shell_call', 'shell_call_output', 'local_shell_call', 'local_shell_call_output', 'apply_patch_call_output', 'computer_call_output', 'structured_outputs', 'workflow_action', 'memory_search_call', 'oauth_consent_request']) {
      assert.ok(knownItemTypes.includes(kind as never), kind);
    }
  });
});

describe('tolerance', () => {
  const bodies = recordedResponseBodies();
  for (const { file, body: original } of bodies) {
    it(`keeps every mutation of ${file}`, () => {
      for (const [name, mutated] of mutations(original)) {
        const parsed = parseResponse(mutated);
        assert.deepEqual(parsed, mutated, name);
      }
    });
  }

  it('keeps an unknown item kind as it came, and says why a known kind could not be read', () => {
    const unknown = readItem(parseItem({ type: 'hologram_call', id: 'hc_1', beam: { power: 9 } }));
    assert.deepEqual(unknown, { known: false, item: { type: 'hologram_call', id: 'hc_1', beam: { power: 9 } }, problem: null });
    const odd = readItem(parseItem({ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: 42 }));
    assert.equal(odd.known, false);
    assert.match(odd.known ? '' : (odd.problem ?? ''), /^arguments: /);
    // A key of Object.prototype is not a kind.
    assert.equal(readItem(parseItem({ type: 'constructor' })).known, false);
  });

  it('accepts the approval response as the SDK sends it (no request_id)', () => {
    const read = readItem(parseItem({ type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: false }));
    assert.ok(read.known && read.item.type === 'mcp_approval_response' && read.item.approve === false);
  });

  it('reads Foundry lists without `object`, and Foundry extras', () => {
    const page = parseResponsePage({ data: [{ id: 'resp_1', object: 'response', status: 'completed', output: [], agent: { type: 'agent_id', name: 'triage', version: '3' } }], has_more: true, first_id: 'resp_1', last_id: 'resp_1' });
    assert.equal(page.items[0]?.agent?.name, 'triage');
    assert.equal(page.nextAfter, 'resp_1');
    const conversations = parseConversationPage({ data: [{ id: 'conv_1', object: 'conversation', created_at: 1, metadata: null }], has_more: false });
    assert.equal(conversations.items[0]?.id, 'conv_1');
    assert.equal(conversations.nextAfter, undefined);
    const item = readItem(parseItem({ type: 'message', id: 'msg_1', role: 'assistant', content: [], created_by: { agent: { type: 'agent_id', name: 'triage', version: '3' }, response_id: 'resp_1' } }));
    assert.ok(item.known && item.item.created_by && typeof item.item.created_by === 'object' && item.item.created_by.response_id === 'resp_1');
  });
});

describe('bad bodies', () => {
  it('refuse a body that is not an object', () => {
    assert.throws(() => parseResponse('<html>Bad gateway</html>'), (e: unknown) => e instanceof SchemaError && /^The service returned a response the extension cannot read \(body: /.test(e.message));
    assert.throws(() => parseItemPage([]), SchemaError);
  });

  it('refuse an object of another kind, naming it', () => {
    assert.throws(
      () => parseResponse({ id: 'run_1', object: 'thread.run', status: 'completed' }),
      (e: unknown) => e instanceof SchemaError && e.message === 'The service returned a response the extension cannot read (object: expected object "response").',
    );
    assert.throws(() => parseConversation({ id: 'resp_1', object: 'response' }), /expected object "conversation"/);
  });

  it('refuse a response without an id, and an item without a type', () => {
    assert.throws(() => parseResponse({ object: 'response', status: 'completed' }), /\(id: /);
    assert.throws(() => parseItemPage({ object: 'list', data: [{ id: 'x' }], has_more: false }), /item 0: type: /);
    assert.equal(z.safeParse(itemSchema, { id: 'x' }).success, false);
  });
});
