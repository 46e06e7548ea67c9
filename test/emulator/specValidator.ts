// Validates response bodies against the published specs with Ajv:
//   OpenAI (and Azure OpenAI) → openai-openapi.yaml (OpenAPI 3.1, Ajv 2020 dialect)
//   Azure AI Agents           → azure-ai-agents-v1.json (Swagger 2.0, Ajv draft-07)
// The operation and its 200 response schema are looked up from the spec's own `paths`.
// Spec dialect quirks are translated, not weakened: OpenAPI 3.0 `nullable` (still used
// inside the 3.1 document) and Swagger `x-nullable` become `null` alternatives, Swagger
// discriminator hierarchies become if/then dispatch on the discriminator value, and
// AutoRest extensible enums (`x-ms-enum.modelAsString: true`) accept other values.
//
// Where the real service and openai-openapi.yaml disagree, OPENAI_DEVIATIONS relaxes the
// schema, each entry naming the recorded bodies (fixtures/recorded/) that prove it.
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { specDir } from '../fixtures/paths';
import type { Flavor } from './presenters';

type Schema = Record<string, unknown>;

export const REPO_ROOT = path.resolve(__dirname, '..', '..');


export interface Deviation {
  schema: string;
  /** Dotted property path inside the schema where the relaxation applies (default: the schema itself). */
  at?: string;
  /** Required properties the real service leaves out. */
  notRequired?: string[];
  /** Properties the real service sends as null although the spec says non-null. */
  nullable?: string[];
  /** Properties whose `minimum` the real service does not enforce. */
  noMinimum?: string[];
  /** The schema itself may be null where it is used. */
  nullableSelf?: boolean;
  /** The schema's own `enum` is not closed: the service sends other values. */
  openEnum?: boolean;
  /** Array properties whose items may also have this shape. */
  moreItemShapes?: Record<string, Schema>;
  evidence: string;
}

/** Where recorded OpenAI bodies contradict openai-openapi.yaml 2.3.0. */
export const OPENAI_DEVIATIONS: Deviation[] = [
  {
    schema: 'MessageObject',
    notRequired: ['status', 'incomplete_details', 'completed_at', 'incomplete_at', 'attachments'],
    evidence:
      'REST message bodies lack the status fields: openai-dotnet/message_create.json, messages_list_*.json; ruby-openai/message_*.v2.json. ' +
      'Modify-message answers carry file_ids instead of attachments: openai-dotnet/message_modify.json, ruby-openai/message_modify.v2.json',
  },
  {
    schema: 'RunStepObject',
    notRequired: ['expired_at', 'metadata'],
    evidence: 'steps carry expires_at (not expired_at) and no metadata: openai-dotnet/run_steps_list_*.json, ruby-openai/run_steps_list_message_creation_in_progress.v1header.json',
  },
  {
    schema: 'RunObject',
    nullable: ['instructions'],
    notRequired: ['parallel_tool_calls'],
    noMinimum: ['max_completion_tokens', 'max_prompt_tokens'],
    evidence:
      'instructions: null on runs of assistants without instructions: openai-dotnet/run_retrieve_*.json; ' +
      'no parallel_tool_calls and max_completion_tokens 16 (< 256) accepted and echoed: ruby-openai/run_create_queued.v2.json, run_stream_incomplete_max_tokens.v2.sse (Apr 2024)',
  },
  {
    schema: 'ListRunsResponse',
    nullable: ['first_id', 'last_id'],
    evidence: 'empty pages have first_id/last_id null: openai-dotnet/runs_list_empty.json',
  },
  {
    schema: 'ListMessagesResponse',
    nullable: ['first_id', 'last_id'],
    evidence: 'empty pages have first_id/last_id null: ruby-openai/messages_list_empty.v2.json',
  },
  {
    schema: 'ListRunStepsResponse',
    nullable: ['first_id', 'last_id'],
    evidence: 'empty pages have first_id/last_id null: ruby-openai/run_steps_list_empty.v2.json',
  },
];

/**
 * Where recorded Responses/Conversations bodies (fixtures/recorded-responses/) contradict
 * openai-openapi.yaml. Rulings of API-CONTRACT.md "Responses and Conversations" say which wins.
 */
export const RESPONSES_DEVIATIONS: Deviation[] = [
  {
    schema: 'ModelResponseProperties',
    nullable: ['user'],
    evidence: 'every recorded response has "user": null (response_create_completed_message.json, response_with_conversation.json, response_custom_tool_call.json…)',
  },
  {
    schema: 'ResponseUsage',
    at: 'input_tokens_details',
    notRequired: ['cache_write_tokens'],
    evidence: 'absent in most recordings (response_create_completed_message.json, response_with_conversation.json); Ruling: optional',
  },
  {
    schema: 'ResponseFunctionCallArgumentsDoneEvent',
    notRequired: ['name'],
    evidence: 'stream_function_call.sse: response.function_call_arguments.done carries no name (the item has it)',
  },
  {
    schema: 'WebSearchActionSearch',
    moreItemShapes: { sources: { type: 'object', required: ['type', 'name'], properties: { type: { const: 'api' }, name: { type: 'string' } } } },
    evidence: 'response_web_search_call_url_citation.json: sources include {"type": "api", "name": "oai-weather"}',
  },
  {
    schema: 'MCPToolFilter',
    nullable: ['read_only'],
    nullableSelf: true,
    evidence: 'response_mcp_list_tools_approval_request.json, response_mcp_call_*.json: require_approval is {"always": {"read_only": null, …}, "never": null}',
  },
  {
    schema: 'ResponseErrorCode',
    openEnum: true,
    evidence: 'Ruling "error codes outside the spec\'s enum occur": stream_response_failed_insufficient_quota.sse (insufficient_quota)',
  },
  {
    schema: 'Response',
    nullable: ['usage'],
    evidence: 'queued and cancelled background responses have "usage": null (response_background_queued.json, response_background_cancelled.json)',
  },
];

/**
 * Relaxations no Responses recording shows (none records an empty list) but the same
 * service's Assistants lists do: an empty page has first_id/last_id null
 * (recorded/openai-dotnet/runs_list_empty.json, ruby-openai/messages_list_empty.v2.json).
 */
export const INFERRED_DEVIATIONS: Deviation[] = [
  { schema: 'ConversationItemList', nullable: ['first_id', 'last_id'], evidence: 'empty Assistants pages: runs_list_empty.json, messages_list_empty.v2.json' },
  { schema: 'ResponseItemList', nullable: ['first_id', 'last_id'], evidence: 'empty Assistants pages: runs_list_empty.json, messages_list_empty.v2.json' },
];

/**
 * Operations whose 200 answer the spec leaves without a schema: the schema of the
 * recorded body is used instead.
 */
const MISSING_RESPONSE_SCHEMAS: Array<{ operation: string; method: string; pattern: RegExp; schema: Schema; evidence: string }> = [
  {
    operation: 'deleteResponse',
    method: 'DELETE',
    pattern: /^\/responses\/[^/]+\/?$/,
    schema: {
      type: 'object',
      required: ['id', 'object', 'deleted'],
      properties: { id: { type: 'string' }, object: { const: 'response.deleted' }, deleted: { type: 'boolean' } },
    },
    evidence: 'response_deleted.json',
  },
];

/** Foundry's operations live under /openai/… (the GA surface /openai/v1/… has the same shapes) and /agents…. */
function foundryOperationPath(flavor: Flavor, pathUnderBase: string): string | undefined {
  if (flavor !== 'azure') return undefined;
  if (/^\/agents(\/|$)/.test(pathUnderBase)) return pathUnderBase;
  if (pathUnderBase.startsWith('/openai/v1/')) return pathUnderBase.slice('/openai/v1'.length).replace(/^/, '/openai');
  if (pathUnderBase.startsWith('/openai/')) return pathUnderBase;
  return undefined;
}

export interface ValidationResult {
  ok: boolean;
  operation: string;
  errors: string[];
}

interface Operation {
  id: string;
  method: string;
  pattern: RegExp;
  response: Schema;
}

interface StreamEventSchemas {
  thread: string;
  run: string;
  step: string;
  stepDelta: string;
  message: string;
  messageDelta: string;
  error: string;
}

const OPENAI_STREAM_EVENT_SCHEMAS: StreamEventSchemas = {
  thread: 'ThreadObject',
  run: 'RunObject',
  step: 'RunStepObject',
  stepDelta: 'RunStepDeltaObject',
  message: 'MessageObject',
  messageDelta: 'MessageDeltaObject',
  error: 'ErrorResponse',
};

const STREAM_EVENT_SCHEMAS: Record<Flavor, StreamEventSchemas> = {
  openai: OPENAI_STREAM_EVENT_SCHEMAS,
  // Azure OpenAI serves OpenAI's wire format.
  'azure-openai': OPENAI_STREAM_EVENT_SCHEMAS,
  azure: {
    thread: 'AgentThread',
    run: 'ThreadRun',
    step: 'RunStep',
    stepDelta: 'RunStepDeltaChunk',
    message: 'ThreadMessage',
    messageDelta: 'MessageDeltaChunk',
    error: 'ServicePatterns.AgentV1Error',
  },
};

/** One compiled spec (OpenAI or Azure). */
class SpecDoc {
  private readonly cache = new Map<string, ValidateFunction>();
  constructor(
    private readonly ajv: Ajv,
    private readonly docId: string,
    private readonly defsPointer: string,
    private readonly operations: Operation[],
  ) {}

  operationFor(method: string, pathUnderBase: string): Operation | undefined {
    return this.operations.find((o) => o.method === method && o.pattern.test(pathUnderBase));
  }

  validatorForDefinition(name: string): ValidateFunction {
    return this.compile(`def:${name}`, { $ref: `${this.docId}#${this.defsPointer}/${escapePointer(name)}` });
  }

  validatorForSchema(key: string, schema: Schema): ValidateFunction {
    return this.compile(`inline:${key}`, absolutizeRefs(schema, this.docId));
  }

  validatorForOperation(op: Operation): ValidateFunction {
    return this.compile(`op:${op.id}`, absolutizeRefs(op.response, this.docId));
  }

  private compile(key: string, schema: Schema): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(schema);
      this.cache.set(key, v);
    }
    return v;
  }
}

export class SpecValidator {
  private constructor(
    private readonly openai: SpecDoc,
    private readonly azure: SpecDoc,
    private readonly foundry: SpecDoc,
  ) {}

  static load(options: { applyDeviations?: boolean } = {}): SpecValidator {
    const dir = specDir;
    return new SpecValidator(
      loadOpenAI(path.join(dir, 'openai-openapi.yaml'), options.applyDeviations ?? true),
      loadAzure(path.join(dir, 'azure-ai-agents-v1.json')),
      loadFoundry(path.join(dir, 'azure-ai-projects-2025-11-15-preview.json')),
    );
  }

  private doc(flavor: Flavor): SpecDoc {
    return flavor === 'azure' ? this.azure : this.openai;
  }

  /** Validates a JSON answer of the operation at `pathUnderBase` (e.g. `/threads/t/runs`). */
  validateResponse(flavor: Flavor, method: string, pathUnderBase: string, status: number, body: unknown): ValidationResult {
    const foundryPath = foundryOperationPath(flavor, pathUnderBase);
    if (foundryPath !== undefined) return this.validateFoundry(method, foundryPath, status, body);
    if (flavor === 'azure-openai' && /^\/v1\/(responses|conversations)(\/|$)/.test(pathUnderBase)) pathUnderBase = pathUnderBase.slice(3);
    const missing = MISSING_RESPONSE_SCHEMAS.find((m) => m.method === method.toUpperCase() && m.pattern.test(pathUnderBase));
    if (missing && status === 200 && flavor !== 'azure') return this.run(this.openai.validatorForSchema(missing.operation, missing.schema), body, `${missing.operation} (schema from ${missing.evidence})`);
    const doc = this.doc(flavor);
    const op = doc.operationFor(method.toUpperCase(), pathUnderBase);
    if (!op && status !== 200) {
      return this.run(doc.validatorForDefinition(STREAM_EVENT_SCHEMAS[flavor].error), body, `${method} ${pathUnderBase} (error ${status})`);
    }
    if (!op) return { ok: false, operation: `${method} ${pathUnderBase}`, errors: ['no operation in the spec for this method and path'] };
    if (status !== 200) {
      return this.run(doc.validatorForDefinition(STREAM_EVENT_SCHEMAS[flavor].error), body, `${op.id} (error ${status})`);
    }
    return this.run(doc.validatorForOperation(op), body, op.id);
  }

  /** Foundry project operations (`/openai/…`, `/agents…`) against azure-ai-projects-2025-11-15-preview.json. */
  private validateFoundry(method: string, opPath: string, status: number, body: unknown): ValidationResult {
    const op = this.foundry.operationFor(method.toUpperCase(), opPath);
    if (status !== 200) return this.run(this.foundry.validatorForDefinition('ApiErrorResponse'), body, `${op?.id ?? `${method} ${opPath}`} (error ${status})`);
    if (!op) return { ok: false, operation: `${method} ${opPath}`, errors: ['no operation in the Foundry spec for this method and path'] };
    return this.run(this.foundry.validatorForOperation(op), body, `foundry ${op.id}`);
  }

  /** Validates a named schema of the Foundry document (e.g. `OpenAI.Response`). */
  validateFoundrySchema(name: string, body: unknown): ValidationResult {
    return this.run(this.foundry.validatorForDefinition(name), body, name);
  }

  /** Validates a named schema (e.g. `RunObject`, `ThreadRun`). */
  validateSchema(flavor: Flavor, name: string, body: unknown): ValidationResult {
    return this.run(this.doc(flavor).validatorForDefinition(name), body, name);
  }

  /** Validates the data of one SSE event by its event name. */
  validateEvent(flavor: Flavor, event: string, data: unknown, options: { foundry?: boolean } = {}): ValidationResult {
    const responsesEvent = event.startsWith('response.') || (event === 'error' && (data as { type?: unknown } | null)?.type === 'error');
    if (responsesEvent) {
      const type = (data as { type?: unknown } | null)?.type;
      if (type !== event) return { ok: false, operation: event, errors: [`data.type ${JSON.stringify(type)} differs from the event name`] };
      if (options.foundry ?? flavor === 'azure') return this.run(this.foundry.validatorForDefinition('OpenAI.ResponseStreamEvent'), data, `${event} → OpenAI.ResponseStreamEvent`);
      return this.run(this.openai.validatorForDefinition('ResponseStreamEvent'), data, `${event} → ResponseStreamEvent`);
    }
    const names = STREAM_EVENT_SCHEMAS[flavor];
    let name: string;
    if (event === 'thread.created') name = names.thread;
    else if (event === 'thread.run.step.delta') name = names.stepDelta;
    else if (event.startsWith('thread.run.step.')) name = names.step;
    else if (event.startsWith('thread.run.')) name = names.run;
    else if (event === 'thread.message.delta') name = names.messageDelta;
    else if (event.startsWith('thread.message.')) name = names.message;
    else if (event === 'error') name = names.error;
    else return { ok: false, operation: event, errors: [`unknown event ${event}`] };
    return this.run(this.doc(flavor).validatorForDefinition(name), data, `${event} → ${name}`);
  }

  private run(validate: ValidateFunction, body: unknown, operation: string): ValidationResult {
    const ok = validate(body) as boolean;
    const errors = ok ? [] : (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    return { ok, operation, errors };
  }
}

// Loading ---------------------------------------------------------------------------

function loadOpenAI(file: string, applyDeviations: boolean): SpecDoc {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, Schema> } };
  if (!doc.openapi.startsWith('3.1')) throw new Error(`expected OpenAPI 3.1, got ${doc.openapi}`);
  const schemas = translateNullable(structuredClone(doc.components.schemas), 'nullable') as Record<string, Schema>;
  if (applyDeviations) for (const d of [...OPENAI_DEVIATIONS, ...RESPONSES_DEVIATIONS, ...INFERRED_DEVIATIONS]) applyDeviation(schemas, d);
  dispatchOneOf(schemas);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addFormat('unixtime', true);
  ajv.addSchema({ $id: 'openai.json', components: { schemas } });
  const operations: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
      const schema = op.responses?.['200']?.content?.['application/json']?.schema;
      if (!op.operationId || !schema) continue;
      operations.push({ id: op.operationId, method: method.toUpperCase(), pattern: templateToRegex(p), response: translateNullable(structuredClone(schema), 'nullable') as Schema });
    }
  }
  return new SpecDoc(ajv as unknown as Ajv, 'openai.json', '/components/schemas', operations);
}

function loadAzure(file: string): SpecDoc {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { swagger: string; paths: Record<string, Record<string, unknown>>; definitions: Record<string, Schema> };
  if (doc.swagger !== '2.0') throw new Error(`expected Swagger 2.0, got ${doc.swagger}`);
  const definitions = openExtensibleEnums(translateNullable(structuredClone(doc.definitions), 'x-nullable')) as Record<string, Schema>;
  addDiscriminatorDispatch(definitions);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addFormat('unixtime', true);
  ajv.addSchema({ $id: 'azure.json', definitions });
  const operations: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as { operationId?: string; responses?: Record<string, { schema?: Schema }> };
      const schema = op.responses?.['200']?.schema;
      if (!op.operationId || !schema) continue;
      const response = polyRefs(translateNullable(structuredClone(schema), 'x-nullable') as Schema, definitions);
      operations.push({ id: op.operationId, method: method.toUpperCase(), pattern: templateToRegex(p), response });
    }
  }
  return new SpecDoc(ajv, 'azure.json', '/definitions', operations);
}

/** AutoRest `x-ms-enum: {modelAsString: true}` declares an extensible enum: other values are valid. */
function openExtensibleEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openExtensibleEnums);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) out[k] = openExtensibleEnums(v);
  const xms = out['x-ms-enum'] as { modelAsString?: boolean } | undefined;
  if (Array.isArray(out.enum) && xms?.modelAsString === true) delete out.enum;
  return out;
}

function applyDeviation(schemas: Record<string, Schema>, d: Deviation): void {
  let s = schemas[d.schema];
  if (!s) throw new Error(`deviation names unknown schema ${d.schema}`);
  for (const step of d.at ? d.at.split('.') : []) {
    const next = objectWith(s, step)?.properties as Record<string, Schema> | undefined;
    if (!next?.[step]) throw new Error(`deviation ${d.schema}: no property ${d.at}`);
    s = next[step];
  }
  const holder = (prop: string): Schema => {
    const h = objectWith(s, prop);
    if (!h) throw new Error(`deviation ${d.schema}${d.at ? `.${d.at}` : ''}: no property ${prop}`);
    return h;
  };
  for (const p of d.notRequired ?? []) {
    const h = holder(p);
    h.required = ((h.required as string[] | undefined) ?? []).filter((r) => r !== p);
  }
  for (const p of d.nullable ?? []) {
    const props = holder(p).properties as Record<string, Schema>;
    props[p] = { anyOf: [props[p], { type: 'null' }] };
  }
  if (d.openEnum) delete s.enum;
  for (const [p, extra] of Object.entries(d.moreItemShapes ?? {})) {
    const arr = (holder(p).properties as Record<string, Schema>)[p];
    arr.items = { anyOf: [arr.items, extra] };
  }
  const props = s.properties as Record<string, Schema>;
  for (const p of d.noMinimum ?? []) props[p] = JSON.parse(JSON.stringify(props[p]).replace(/,?"minimum":\d+/g, '').replace(/\{,/g, '{'));
  if (d.nullableSelf) schemas[d.schema] = { anyOf: [schemas[d.schema], { type: 'null' }] };
}

/** The object schema (itself, or a member of its allOf) that declares `prop`. */
function objectWith(s: Schema, prop: string): Schema | undefined {
  if ((s.properties as Record<string, Schema> | undefined)?.[prop]) return s;
  for (const member of (s.allOf as Schema[] | undefined) ?? []) {
    const found = objectWith(member, prop);
    if (found) return found;
  }
  return undefined;
}

/** `nullable: true` / `x-nullable: true` → `anyOf: [schema, {type: null}]`, also `allOf: [X, {nullable: true}]`. */
function translateNullable(node: unknown, keyword: 'nullable' | 'x-nullable'): unknown {
  if (Array.isArray(node)) return node.map((n) => translateNullable(n, keyword));
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) out[k] = translateNullable(v, keyword);
  let nullable = out[keyword] === true;
  delete out[keyword];
  if (Array.isArray(out.allOf)) {
    const rest = (out.allOf as Schema[]).filter((s) => !(s && s[keyword] === true && Object.keys(s).every((k) => k === keyword || k === 'description')));
    // After recursion the marker element became `anyOf: [{}, null]`; detect that form too.
    const rest2 = rest.filter((s) => !isNullMarker(s));
    if (rest2.length !== (out.allOf as Schema[]).length) nullable = true;
    out.allOf = rest2;
  }
  if (!nullable) return out;
  return { anyOf: [out, { type: 'null' }] };
}

function isNullMarker(s: Schema): boolean {
  if (!Array.isArray(s?.anyOf) || Object.keys(s).length !== 1) return false;
  const [a, b] = s.anyOf as Schema[];
  return !!a && Object.keys(a).every((k) => k === 'description') && b?.type === 'null';
}

/**
 * Swagger 2.0 polymorphism: a base with `discriminator: "type"` and children that
 * `allOf` the base with `x-ms-discriminator-value`. References to the base (outside
 * the children's own allOf) are pointed at `<Base>__dispatch`, which also applies the
 * child schema chosen by the discriminator value (unknown values: base only).
 */
function addDiscriminatorDispatch(defs: Record<string, Schema>): void {
  const children = new Map<string, Array<{ value: string; name: string }>>();
  for (const [name, def] of Object.entries(defs)) {
    const value = def['x-ms-discriminator-value'];
    if (typeof value !== 'string') continue;
    for (const parent of (def.allOf as Schema[] | undefined) ?? []) {
      const ref = parent?.$ref;
      if (typeof ref !== 'string') continue;
      const base = ref.replace('#/definitions/', '');
      if (!defs[base]?.discriminator) continue;
      children.set(base, [...(children.get(base) ?? []), { value, name }]);
    }
  }
  for (const [base, list] of children) {
    const prop = defs[base].discriminator as string;
    defs[`${base}__dispatch`] = {
      allOf: [
        { $ref: `#/definitions/${base}` },
        ...list.map((c) => ({ if: { properties: { [prop]: { const: c.value } }, required: [prop] }, then: { $ref: `#/definitions/${c.name}` } })),
      ],
    };
  }
  for (const [name, def] of Object.entries(defs)) {
    if (name.endsWith('__dispatch')) continue;
    const { allOf, ...rest } = def;
    const rewritten = polyRefs(rest, defs) as Schema;
    defs[name] = allOf === undefined ? rewritten : { ...rewritten, allOf };
  }
}

function polyRefs(node: Schema, defs: Record<string, Schema>): Schema {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    const out: Schema = {};
    for (const [k, v] of Object.entries(n as Schema)) {
      if (k === '$ref' && typeof v === 'string' && defs[`${v.replace('#/definitions/', '')}__dispatch`]) out[k] = `${v}__dispatch`;
      else out[k] = walk(v);
    }
    return out;
  };
  return walk(node) as Schema;
}

function absolutizeRefs(node: Schema, docId: string): Schema {
  const walk = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(walk);
    if (!n || typeof n !== 'object') return n;
    const out: Schema = {};
    for (const [k, v] of Object.entries(n as Schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${docId}${v}` : walk(v);
    return out;
  };
  return walk(node) as Schema;
}

/**
 * OpenAPI 3.1 `oneOf`/`anyOf` with a `discriminator`: the discriminator picks the branch.
 * Ajv ignores the keyword, so a valid item would have to match exactly one branch by
 * shape (and errors list every branch). Rewritten as: a known discriminator value, then
 * the branch(es) declaring it. Objects without the property keep the original oneOf.
 */
function dispatchOneOf(schemas: Record<string, Schema>): void {
  const valuesOf = (ref: string, prop: string, seen = new Set<string>()): string[] => {
    const name = ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    seen.add(name);
    const schema = schemas[name];
    if (!schema) return [];
    const find = (n: Schema): string[] => {
      const p = (n.properties as Record<string, Schema> | undefined)?.[prop];
      if (p) {
        if (Array.isArray(p.enum)) return p.enum as string[];
        if (typeof p.const === 'string') return [p.const];
      }
      for (const m of (n.allOf as Schema[] | undefined) ?? []) {
        const v = typeof m.$ref === 'string' ? valuesOf(m.$ref, prop, seen) : find(m);
        if (v.length) return v;
      }
      return [];
    };
    return find(schema);
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node as Schema)) out[k] = walk(v);
    const disc = out.discriminator as { propertyName?: string } | undefined;
    const key = Array.isArray(out.oneOf) ? 'oneOf' : Array.isArray(out.anyOf) ? 'anyOf' : undefined;
    if (!disc?.propertyName || !key) return out;
    const prop = disc.propertyName;
    const branches = (out[key] as Schema[]).map((b) => ({ ref: b.$ref as string | undefined, values: typeof b.$ref === 'string' ? valuesOf(b.$ref, prop) : [] }));
    if (branches.some((b) => !b.ref || !b.values.length)) return out;
    const byValue = new Map<string, string[]>();
    for (const b of branches) for (const v of b.values) byValue.set(v, [...(byValue.get(v) ?? []), b.ref as string]);
    const { [key]: original, discriminator: _d, ...rest } = out;
    return {
      ...rest,
      if: { type: 'object', required: [prop] },
      then: {
        properties: { [prop]: { enum: [...byValue.keys()] } },
        allOf: [...byValue].map(([value, refs]) => ({
          if: { properties: { [prop]: { const: value } } },
          then: refs.length === 1 ? { $ref: refs[0] } : { anyOf: refs.map(($ref) => ({ $ref })) },
        })),
      },
      else: { [key]: original },
    };
  };
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = walk(schema) as Schema;
}

/**
 * Azure AI Foundry projects (OpenAPI 3.0): `nullable`, and bases with a discriminator
 * `mapping` whose children `allOf` the base. References to a base (outside its children's
 * own allOf) go to `<Base>__dispatch`, which also applies the mapped child; extensible
 * enums (`anyOf: [string, enum]`) keep other values valid.
 */
function loadFoundry(file: string): SpecDoc {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, Schema> } };
  if (!doc.openapi.startsWith('3.0')) throw new Error(`expected OpenAPI 3.0, got ${doc.openapi}`);
  const schemas = translateNullable(structuredClone(doc.components.schemas), 'nullable') as Record<string, Schema>;
  const prefix = '#/components/schemas/';
  const bases = new Set<string>();
  for (const [base, def] of Object.entries(schemas)) {
    const disc = def.discriminator as { propertyName?: string; mapping?: Record<string, string> } | undefined;
    if (!disc?.propertyName || !disc.mapping) continue;
    bases.add(base);
    schemas[`${base}__dispatch`] = {
      allOf: [
        { $ref: `${prefix}${base}` },
        ...Object.entries(disc.mapping).map(([value, ref]) => ({ if: { properties: { [disc.propertyName as string]: { const: value } }, required: [disc.propertyName] }, then: { $ref: ref } })),
      ],
    };
  }
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const out: Schema = {};
    for (const [k, v] of Object.entries(node as Schema)) {
      out[k] = k === '$ref' && typeof v === 'string' && bases.has(v.replace(prefix, '')) ? `${v}__dispatch` : rewrite(v);
    }
    return out;
  };
  for (const [name, def] of Object.entries(schemas)) {
    if (name.endsWith('__dispatch')) continue;
    const { allOf, ...rest } = def;
    const rewritten = rewrite(rest) as Schema;
    schemas[name] = allOf === undefined ? rewritten : { ...rewritten, allOf };
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addFormat('unixtime', true);
  ajv.addSchema({ $id: 'foundry.json', components: { schemas } });
  const operations: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> };
      const schema = op.responses?.['200']?.content?.['application/json']?.schema;
      if (!op.operationId || !schema) continue;
      const response = rewrite(translateNullable(structuredClone(schema), 'nullable')) as Schema;
      operations.push({ id: op.operationId, method: method.toUpperCase(), pattern: templateToRegex(p), response });
    }
  }
  return new SpecDoc(ajv, 'foundry.json', '/components/schemas', operations);
}

function templateToRegex(template: string): RegExp {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
