// Reading export files back: the text of a thread, conversation or connection export is
// parsed, checked against the export format's JSON Schema (media/export.schema.json), and
// turned into the bodies an archive serves. A file that does not match is refused with
// one sentence naming the first wrong path; nothing is taken from it. Free of `vscode`.
import type { Message, Run, RunStep, Thread } from '../api/schemas';
import type { Conversation, Response, ResponseItem } from '../api/responses/schemas';

export const exportFormats = {
  thread: 'agent-run-debugger/thread-export@1',
  conversation: 'agent-run-debugger/conversation-export@1',
  connection: 'agent-run-debugger/connection-export@1',
} as const;

export interface ThreadBody {
  thread: Thread;
  messages: Message[];
  runs: { run: Run; steps: RunStep[] }[];
}

export interface ResponseBody {
  response: Response;
  input_items: ResponseItem[];
}

export interface ConversationBody {
  conversation: Conversation;
  items: ResponseItem[];
  responses: ResponseBody[];
}

/** What one export file holds, whatever its kind. */
export interface ArchiveContent {
  format: string;
  exportedAt: string;
  source: { connection: string; kind: string };
  threads: ThreadBody[];
  conversations: ConversationBody[];
  /** Responses outside any conversation. */
  responses: ResponseBody[];
}

/** An ajv validator (compiled at build time, or by the tests). */
export interface SchemaCheck {
  (value: unknown): boolean;
  errors?: readonly SchemaCheckError[] | null;
}

export interface SchemaCheckError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** An export file that cannot be opened: `message` is one sentence that names the file. */
export class ArchiveFormatError extends Error {
  constructor(
    message: string,
    /** The JSON Pointer of the first wrong value ('' for the whole document), when the schema found it. */
    readonly path?: string,
  ) {
    super(message);
  }
}

/** Parses and checks an export file's text; throws `ArchiveFormatError` naming the first problem. */
export function readExport(text: string, check: SchemaCheck, fileLabel: string): ArchiveContent {
  const refused = (why: string, path?: string) => new ArchiveFormatError(`${fileLabel} is not an export this extension can open: ${why}`, path);
  if (!text.trim()) throw refused('the file is empty.');
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw refused(`it is not valid JSON (${(error as Error).message}).`);
  }
  if (!check(value)) {
    const first = check.errors?.[0];
    const { path, words } = first ? describeSchemaError(first) : { path: '', words: 'it does not match the export format.' };
    throw refused(path ? `at ${path}, ${words}` : words, path);
  }
  return contentOf(value as Record<string, unknown>);
}

function contentOf(value: Record<string, unknown>): ArchiveContent {
  const format = value.format as string;
  const source = value.source as ArchiveContent['source'];
  const base = { format, exportedAt: value.exported_at as string, source: { connection: source.connection, kind: source.kind } };
  switch (format) {
    case exportFormats.thread: {
      const { thread, messages, runs } = value as unknown as ThreadBody;
      return { ...base, threads: [{ thread, messages, runs }], conversations: [], responses: [] };
    }
    case exportFormats.conversation: {
      const { conversation, items, responses } = value as unknown as ConversationBody;
      return { ...base, threads: [], conversations: [{ conversation, items, responses }], responses: [] };
    }
    default: {
      const body = value as { threads: ThreadBody[]; conversations: ConversationBody[]; responses: ResponseBody[] };
      return { ...base, threads: body.threads, conversations: body.conversations, responses: body.responses };
    }
  }
}

/** The first schema error as a path and words ("/runs/3/steps/0/id", "a string is expected"). */
export function describeSchemaError(error: SchemaCheckError): { path: string; words: string } {
  const params = error.params;
  switch (error.keyword) {
    case 'required': {
      const path = `${error.instancePath}/${String(params.missingProperty)}`;
      return { path, words: 'a value is required and missing.' };
    }
    case 'type':
      return { path: error.instancePath || '/', words: `${article(String(params.type))} is expected.` };
    case 'enum':
      return {
        path: error.instancePath || '/',
        words:
          error.instancePath === '/format'
            ? `the format is not one this version reads (it reads ${(params.allowedValues as string[]).map((v) => `"${v}"`).join(', ')}).`
            : `the value must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`,
      };
    case 'minLength':
      return { path: error.instancePath || '/', words: 'the value is empty.' };
    default:
      return { path: error.instancePath || '/', words: `the value ${error.message ?? 'does not match the export format'}.` };
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'an integer',
    object: 'an object',
    array: 'an array',
    boolean: 'true or false',
    null: 'null',
    'string,null': 'a string or null',
    'number,null': 'a number or null',
    'object,null': 'an object or null',
  };
  return words[type] ?? `a value of type ${type}`;
}
