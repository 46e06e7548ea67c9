// The run panel's message protocol, shared by the extension (src/panels) and the
// webview (src/webview). Both sides validate what they receive with these schemas and
// drop (and log) anything else: the webview is a trust boundary in both directions.
// No `vscode` and no DOM here.
import * as z from 'zod/mini';

/** Longest string the webview may send in one field (a 512 KB tool output, with room). */
const maxText = 4 * 1024 * 1024;
const text = () => z.string().check(z.maxLength(maxText));
const id = () => z.string().check(z.minLength(1), z.maxLength(512));

export const runRefSchema = z.object({ connectionId: id(), threadId: id(), runId: id() });
export type PanelRunRef = z.infer<typeof runRefSchema>;

/** An object of the panel that can be shown as raw JSON. */
export const jsonTargetSchema = z.strictObject({
  kind: z.enum(['run', 'step', 'toolCall', 'message']),
  id: id(),
  /** The step of a tool call. */
  stepId: z.optional(id()),
});
export type JsonTarget = z.infer<typeof jsonTargetSchema>;

export const toolOutputSchema = z.strictObject({ tool_call_id: id(), output: text() });

// ── webview → extension ──────────────────────────────────────────────────────

export const webviewMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('copy'), text: text() }),
  /** Opens the object in a read-only JSON editor tab. */
  z.strictObject({ type: z.literal('openJson'), target: jsonTargetSchema }),
  /** Asks for an object's pretty JSON, shown inline (answered with `json`). */
  z.strictObject({ type: z.literal('getJson'), target: jsonTargetSchema }),
  z.strictObject({ type: z.literal('openLink'), url: z.string().check(z.maxLength(8192)) }),
  z.strictObject({ type: z.literal('refresh') }),
  z.strictObject({ type: z.literal('cancelRun') }),
  z.strictObject({ type: z.literal('answerInEditor') }),
  z.strictObject({
    type: z.literal('submitToolOutputs'),
    outputs: z.array(toolOutputSchema).check(z.minLength(1), z.maxLength(128)),
  }),
  z.strictObject({ type: z.literal('saveDraft'), toolCallId: id(), text: text() }),
  /** Asks for a file's image (code-interpreter output, message image), answered with `image`. */
  z.strictObject({ type: z.literal('getImage'), fileId: id() }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

// ── the view model (extension → webview) ─────────────────────────────────────

/** How a status is drawn: colour and icon. */
export const statusKindSchema = z.enum(['ok', 'error', 'warn', 'active', 'action', 'neutral']);
export type StatusKind = z.infer<typeof statusKindSchema>;

const num = () => z.nullish(z.number());
const str = () => z.nullish(z.string());

export const usageViewSchema = z.object({ prompt: num(), completion: num(), total: num() });
export type UsageView = z.infer<typeof usageViewSchema>;

export const noticeSchema = z.object({ kind: z.enum(['error', 'warn', 'info']), text: z.string() });
export type Notice = z.infer<typeof noticeSchema>;

export const configEntrySchema = z.object({
  key: z.string(),
  /** Plain text, or pretty JSON for objects and arrays. */
  value: z.string(),
  /** The service sent null: the setting was left to its default. */
  unset: z.optional(z.boolean()),
  /** Why this value matters for the outcome, in a sentence. */
  note: str(),
});
export type ConfigEntry = z.infer<typeof configEntrySchema>;

export const pendingCallSchema = z.object({ id: z.string(), type: z.string(), name: z.string(), arguments: z.string() });
export type PendingCall = z.infer<typeof pendingCallSchema>;

export const callViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  function: z.optional(z.object({ name: z.string(), arguments: z.string(), output: z.nullable(z.string()) })),
  code: z.optional(
    z.object({
      input: z.string(),
      logs: z.array(z.string()),
      images: z.array(z.string()),
      /** Outputs of other kinds, as pretty JSON. */
      other: z.array(z.string()),
    }),
  ),
  fileSearch: z.optional(
    z.object({
      ranking: str(),
      results: z.array(
        z.object({ fileId: z.string(), fileName: z.string(), score: num(), chunks: z.array(z.string()) }),
      ),
      /** The results came without chunk text (the service ignored `include[]`). */
      contentMissing: z.boolean(),
    }),
  ),
  /** Pretty JSON of a call of a kind the panel does not know. */
  other: str(),
});
export type CallView = z.infer<typeof callViewSchema>;

export const stepViewSchema = z.object({
  id: z.string(),
  index: z.number(),
  type: z.string(),
  status: z.string(),
  statusKind: statusKindSchema,
  summary: z.string(),
  createdAt: num(),
  endedAt: num(),
  durationSeconds: num(),
  usage: z.nullable(usageViewSchema),
  error: str(),
  message: z.optional(z.object({ id: z.string(), text: str() })),
  calls: z.array(callViewSchema),
  /** Pretty JSON of step details of a kind the panel does not know. */
  other: str(),
});
export type StepView = z.infer<typeof stepViewSchema>;

export const annotationViewSchema = z.object({
  type: z.string(),
  text: z.string(),
  start: num(),
  end: num(),
  fileId: str(),
  quote: str(),
  url: str(),
  title: str(),
});
export type AnnotationView = z.infer<typeof annotationViewSchema>;

export const contentViewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), annotations: z.array(annotationViewSchema) }),
  /** `detail`: the resolution the model looked at the image with (auto, low, high). */
  z.object({ kind: z.literal('image_file'), fileId: z.string(), detail: str() }),
  z.object({ kind: z.literal('image_url'), url: z.string(), detail: str() }),
  z.object({ kind: z.literal('other'), type: z.string(), json: z.string() }),
]);
export type ContentView = z.infer<typeof contentViewSchema>;

export const messageViewSchema = z.object({
  id: z.string(),
  role: z.string(),
  status: str(),
  createdAt: num(),
  content: z.array(contentViewSchema),
  attachments: z.array(z.object({ fileId: z.string(), tools: z.array(z.string()) })),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const timelineSchema = z.object({
  start: z.number(),
  end: z.number(),
  items: z.array(
    z.object({ stepId: z.string(), index: z.number(), label: z.string(), status: z.string(), statusKind: statusKindSchema, start: z.number(), end: z.number(), running: z.boolean() }),
  ),
  /** A sentence when whole-second timestamps make bars impossible to tell apart. */
  resolutionNote: str(),
});
export type TimelineView = z.infer<typeof timelineSchema>;

export const runViewSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  assistantId: str(),
  status: z.string(),
  statusKind: statusKindSchema,
  active: z.boolean(),
  model: str(),
  createdAt: num(),
  startedAt: num(),
  finishedAt: num(),
  /** "Completed", "Failed", "Cancelled"… — what `finishedAt` is. */
  finishedLabel: z.string(),
  /** The run's whole life: created → finished (or now while active). */
  durationSeconds: num(),
  /** When the run was started again (after tool outputs): started → finished. */
  lastSegmentSeconds: num(),
  usage: z.nullable(usageViewSchema),
  /** Set while the run can expire (queued, in progress, requires action): a live countdown. */
  expiresAt: num(),
  notices: z.array(noticeSchema),
  instructions: str(),
  config: z.array(configEntrySchema),
  pendingCalls: z.array(pendingCallSchema),
  steps: z.array(stepViewSchema),
  stepsError: str(),
  messages: z.array(messageViewSchema),
  messagesError: str(),
  timeline: z.nullable(timelineSchema),
});
export type RunView = z.infer<typeof runViewSchema>;

export const submissionSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('inflight') }),
  z.object({ state: z.literal('done') }),
  z.object({
    state: z.literal('error'),
    message: z.string(),
    problems: z.array(z.object({ toolCallId: z.optional(z.string()), message: z.string() })),
  }),
]);
export type Submission = z.infer<typeof submissionSchema>;

export const panelStateSchema = z.object({
  ref: runRefSchema,
  connectionName: z.string(),
  loading: z.boolean(),
  /** Why the run could not be loaded, in a sentence. */
  error: str(),
  /** The scheduler refreshes the run while it is active and the panel is open. */
  live: z.boolean(),
  /** When the data was last read, ms since the epoch. */
  updatedAt: num(),
  run: z.nullable(runViewSchema),
  /** Typed tool outputs kept until they are submitted: the run's one draft (shared with the editor), per call. */
  drafts: z.record(z.string(), z.string()),
  /** Why the boxes can't show the draft (the editor holds text that is not valid JSON). */
  draftProblem: str(),
  submission: submissionSchema,
});
export type PanelState = z.infer<typeof panelStateSchema>;

// ── extension → webview ──────────────────────────────────────────────────────

/** Image types the panel shows; anything else is refused by the extension before it is sent. */
export const imageMimeTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** Largest image the extension passes to the panel (bytes before base64). */
export const maxImageBytes = 8 * 1024 * 1024;

export const imageResultSchema = z.union([
  z.strictObject({
    fileId: id(),
    mime: z.enum(imageMimeTypes),
    // Only base64 characters: what becomes a `data:` URL cannot carry anything else.
    base64: z.string().check(z.maxLength(Math.ceil(maxImageBytes / 3) * 4), z.regex(/^[A-Za-z0-9+/]*={0,2}$/)),
  }),
  /** Why the image can't be shown, in a sentence. */
  z.strictObject({ fileId: id(), error: z.string() }),
]);
export type ImageResult = z.infer<typeof imageResultSchema>;

export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: panelStateSchema }),
  z.object({ type: z.literal('submission'), submission: submissionSchema }),
  z.object({ type: z.literal('json'), target: jsonTargetSchema, text: z.nullable(z.string()), error: str() }),
  z.object({ type: z.literal('image'), image: imageResultSchema }),
  /** The run's draft changed elsewhere (the editor): the outputs it holds per call. */
  z.object({ type: z.literal('drafts'), drafts: z.record(z.string(), z.string()), draftProblem: str() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ── state the webview keeps across reloads (vscode.setState / the serializer) ──

export const persistedStateSchema = z.object({
  ref: runRefSchema,
  /** Sections and steps the user folded or unfolded, by key. */
  open: z.optional(z.record(z.string().check(z.maxLength(600)), z.boolean())),
  drafts: z.optional(z.record(z.string().check(z.maxLength(512)), text())),
  scrollY: z.optional(z.number()),
});
export type PersistedState = z.infer<typeof persistedStateSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problem: string };

function parseWith<T>(schema: z.ZodMiniType<T>, value: unknown): ParseResult<T> {
  const result = z.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'message';
  return { ok: false, problem: `${where}: ${issue?.message ?? 'invalid'}` };
}

/** What the webview sent, or why it is dropped. */
export function parseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  return parseWith(webviewMessageSchema, value);
}

/** What the extension sent, or why it is dropped. */
export function parseHostMessage(value: unknown): ParseResult<HostMessage> {
  return parseWith(hostMessageSchema, value);
}

export function parsePersistedState(value: unknown): ParseResult<PersistedState> {
  return parseWith(persistedStateSchema, value);
}

/** A short description of a dropped message for the log, without its (possibly huge) content. */
export function describeMessage(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? `"${type.slice(0, 40)}"` : 'untyped object';
}

/**
 * The gate both sides put in front of their message handler: the message if it is valid,
 * otherwise undefined after one warning line (the extension's log, the webview's console).
 */
export function acceptMessage<T>(parse: (value: unknown) => ParseResult<T>, value: unknown, warn: (line: string) => void, from: string): T | undefined {
  const parsed = parse(value);
  if (parsed.ok) return parsed.value;
  warn(`Dropped an invalid message from the ${from} (${describeMessage(value)}; ${parsed.problem}).`);
  return undefined;
}
