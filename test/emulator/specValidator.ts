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
  /** Required properties the real service leaves out. */
  notRequired?: string[];
  /** Properties the real service sends as null although the spec says non-null. */
  nullable?: string[];
  /** Properties whose `minimum` the real service does not enforce. */
  noMinimum?: string[];
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
  ) {}

  static load(options: { applyDeviations?: boolean } = {}): SpecValidator {
    const dir = specDir;
    return new SpecValidator(
      loadOpenAI(path.join(dir, 'openai-openapi.yaml'), options.applyDeviations ?? true),
      loadAzure(path.join(dir, 'azure-ai-agents-v1.json')),
    );
  }

  private doc(flavor: Flavor): SpecDoc {
    return flavor === 'azure' ? this.azure : this.openai;
  }

  /** Validates a JSON answer of the operation at `pathUnderBase` (e.g. `/threads/t/runs`). */
  validateResponse(flavor: Flavor, method: string, pathUnderBase: string, status: number, body: unknown): ValidationResult {
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

  /** Validates a named schema (e.g. `RunObject`, `ThreadRun`). */
  validateSchema(flavor: Flavor, name: string, body: unknown): ValidationResult {
    return this.run(this.doc(flavor).validatorForDefinition(name), body, name);
  }

  /** Validates the data of one SSE event by its event name. */
  validateEvent(flavor: Flavor, event: string, data: unknown): ValidationResult {
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
  if (applyDeviations) for (const d of OPENAI_DEVIATIONS) applyDeviation(schemas, d);
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
  const s = schemas[d.schema];
  if (!s) throw new Error(`deviation names unknown schema ${d.schema}`);
  if (d.notRequired) s.required = (s.required as string[]).filter((r) => !d.notRequired?.includes(r));
  const props = s.properties as Record<string, Schema>;
  for (const p of d.nullable ?? []) props[p] = { anyOf: [props[p], { type: 'null' }] };
  for (const p of d.noMinimum ?? []) props[p] = JSON.parse(JSON.stringify(props[p]).replace(/,?"minimum":\d+/g, '').replace(/\{,/g, '{'));
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

function templateToRegex(template: string): RegExp {
  return new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`);
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
