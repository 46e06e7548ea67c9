// The run panel's message protocol, shared by the extension (src/panels) and the
// webview (src/webview). Both sides validate what they receive with these schemas and
// drop (and log) anything else: the webview is a trust boundary in both directions.
// No `vscode` and no DOM here.
import * as z from 'zod/mini';
import { lazy } from '../util/lazy';
import { maxRangeRows } from './lists';

/** Longest string the webview may send in one field (a 512 KB tool output, with room). */
const maxText = 4 * 1024 * 1024;
const text = () => z.string().check(z.maxLength(maxText));
const id = () => z.string().check(z.minLength(1), z.maxLength(512));
/** Longest answer the response panel may send: a call's output is at most 10,485,760 characters (the service's limit). */
export const maxAnswerChars = 10_485_760;
/** Longest reason for an approval or a denial the page may send. */
export const maxReasonChars = 16_384;

export const runRefSchema = lazy(() => z.object({ connectionId: id(), threadId: id(), runId: id() }));
export type PanelRunRef = z.infer<typeof runRefSchema>;

/** An object of the panel that can be shown as raw JSON. */
export const jsonTargetSchema = lazy(() => z.strictObject({
  /** `response`, `outputItem` and `inputItem` are the response panel's objects. */
  kind: z.enum(['run', 'step', 'toolCall', 'message', 'response', 'outputItem', 'inputItem']),
  id: id(),
  /** The step of a tool call. */
  stepId: z.optional(id()),
}));
export type JsonTarget = z.infer<typeof jsonTargetSchema>;

export const toolOutputSchema = lazy(() => z.strictObject({ tool_call_id: id(), output: text() }));

// ── webview → extension ──────────────────────────────────────────────────────

export const webviewMessageSchema = lazy(() => z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('copy'), text: text() }),
  /** Opens the object in a read-only JSON editor tab. */
  z.strictObject({ type: z.literal('openJson'), target: jsonTargetSchema }),
  /** Asks for an object's pretty JSON, shown inline (answered with `json`). */
  z.strictObject({ type: z.literal('getJson'), target: jsonTargetSchema }),
  z.strictObject({ type: z.literal('openLink'), url: z.string().check(z.maxLength(8192)) }),
  z.strictObject({ type: z.literal('refresh') }),
  /** "Compare with…" the panel's run or response (the other is picked in the extension). */
  z.strictObject({ type: z.literal('compareWith') }),
  /** Closes the comparison summary the panel was opened with. */
  z.strictObject({ type: z.literal('closeComparison') }),
  /** "Fork from Here…" the panel's run or response: from its start, or after a step or item (`at`). */
  z.strictObject({ type: z.literal('forkFromHere'), at: z.optional(id()) }),
  /** Go to Handler for a tool name a call of the panel's run or response carries (others are dropped). */
  z.strictObject({ type: z.literal('goToHandler'), name: id() }),
  z.strictObject({ type: z.literal('cancelRun') }),
  z.strictObject({ type: z.literal('answerInEditor') }),
  z.strictObject({
    type: z.literal('submitToolOutputs'),
    outputs: z.array(toolOutputSchema).check(z.minLength(1), z.maxLength(128)),
  }),
  z.strictObject({ type: z.literal('saveDraft'), toolCallId: id(), text: text() }),
  /**
   * Asks for a file's image (code-interpreter output, message image), answered with `image`;
   * with `containerId`, a file code interpreter wrote in that container (a cited chart).
   */
  z.strictObject({ type: z.literal('getImage'), fileId: id(), containerId: z.optional(id()) }),
  // The response panel's own requests.
  /** Cancels the panel's response (after the same modal confirmation as runs). */
  z.strictObject({ type: z.literal('cancelResponse') }),
  /** Reads the next page of the response's input items. */
  z.strictObject({ type: z.literal('loadMoreInputs') }),
  /** Opens the panel of another response of the same connection (the chain). */
  z.strictObject({ type: z.literal('openResponse'), responseId: id() }),
  /**
   * One answer typed in the Required action box, saved to the response's one draft (shared
   * with the continue document): a call's output, or an approval's choice and reason.
   */
  z.strictObject({
    type: z.literal('saveAnswer'),
    id: id(),
    output: z.optional(z.string().check(z.maxLength(maxAnswerChars))),
    approve: z.optional(z.nullable(z.boolean())),
    reason: z.optional(z.string().check(z.maxLength(maxReasonChars))),
  }),
  /** Sends the draft as a new response that continues this one (after the modal question). */
  z.strictObject({ type: z.literal('continueResponse') }),
  /** Opens the draft as the complete request in an editor. */
  z.strictObject({ type: z.literal('continueInEditor') }),
  /** Asks for rows of a long list (answered with `range`). */
  z.strictObject({ type: z.literal('getRange'), list: listNameSchema, from: z.number().check(z.int(), z.gte(0)), count: z.number().check(z.int(), z.gte(1), z.lte(maxRangeRows)) }),
  /** Searches the panel's run or response (tool names, text, ids), answered with `searchResult`. */
  z.strictObject({ type: z.literal('search'), seq: z.number().check(z.int(), z.gte(0)), query: z.string().check(z.maxLength(500)) }),
]));
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

// ── the view model (extension → webview) ─────────────────────────────────────

/** How a status is drawn: colour and icon. */
export const statusKindSchema = lazy(() => z.enum(['ok', 'error', 'warn', 'active', 'action', 'neutral']));
export type StatusKind = z.infer<typeof statusKindSchema>;

const num = () => z.nullish(z.number());
const str = () => z.nullish(z.string());

export const usageViewSchema = lazy(() => z.object({ prompt: num(), completion: num(), total: num() }));
export type UsageView = z.infer<typeof usageViewSchema>;

export const noticeSchema = lazy(() => z.object({ kind: z.enum(['error', 'warn', 'info']), text: z.string() }));
export type Notice = z.infer<typeof noticeSchema>;

export const configEntrySchema = lazy(() => z.object({
  key: z.string(),
  /** Plain text, or pretty JSON for objects and arrays. */
  value: z.string(),
  /** The service sent null: the setting was left to its default. */
  unset: z.optional(z.boolean()),
  /** Why this value matters for the outcome, in a sentence. */
  note: str(),
}));
export type ConfigEntry = z.infer<typeof configEntrySchema>;

export const pendingCallSchema = lazy(() => z.object({ id: z.string(), type: z.string(), name: z.string(), arguments: z.string() }));
export type PendingCall = z.infer<typeof pendingCallSchema>;

export const callViewSchema = lazy(() => z.object({
  id: z.string(),
  type: z.string(),
  /** `replayed`: the output was the original's, sent by a fork's replay. */
  function: z.optional(z.object({ name: z.string(), arguments: z.string(), output: z.nullable(z.string()), replayed: z.optional(z.boolean()) })),
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
}));
export type CallView = z.infer<typeof callViewSchema>;

export const stepViewSchema = lazy(() => z.object({
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
}));
export type StepView = z.infer<typeof stepViewSchema>;

export const annotationViewSchema = lazy(() => z.object({
  type: z.string(),
  text: z.string(),
  start: num(),
  end: num(),
  fileId: str(),
  quote: str(),
  url: str(),
  title: str(),
  /** Responses: a file or container-file citation's file name and container. */
  filename: z.optional(str()),
  containerId: z.optional(str()),
}));
export type AnnotationView = z.infer<typeof annotationViewSchema>;

export const contentViewSchema = lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), annotations: z.array(annotationViewSchema) }),
  /** `detail`: the resolution the model looked at the image with (auto, low, high). */
  z.object({ kind: z.literal('image_file'), fileId: z.string(), detail: str() }),
  z.object({ kind: z.literal('image_url'), url: z.string(), detail: str() }),
  z.object({ kind: z.literal('other'), type: z.string(), json: z.string() }),
]));
export type ContentView = z.infer<typeof contentViewSchema>;

export const messageViewSchema = lazy(() => z.object({
  id: z.string(),
  role: z.string(),
  status: str(),
  createdAt: num(),
  content: z.array(contentViewSchema),
  attachments: z.array(z.object({ fileId: z.string(), tools: z.array(z.string()) })),
}));
export type MessageView = z.infer<typeof messageViewSchema>;

/** One row of a timeline: a step of a run, or a response of a chain. */
export const timelineItemSchema = lazy(() => z.object({
  /** What activating the row jumps to or opens: a step id, a response id. */
  id: z.string(),
  /** A short tag before the label: "#3", "previous", "this", "next". */
  tag: z.string(),
  label: z.string(),
  status: z.string(),
  statusKind: statusKindSchema,
  /** Unix seconds; null when the service did not report it (no bar). */
  start: z.nullable(z.number()),
  /** Unix seconds, "now" while running; null when the service did not report it: a marker at the start, no duration. */
  end: z.nullable(z.number()),
  running: z.boolean(),
  /** The panel's own object: marked, not a link. */
  current: z.optional(z.boolean()),
}));
export type TimelineItemView = z.infer<typeof timelineItemSchema>;

export const timelineSchema = lazy(() => z.object({
  start: z.number(),
  end: z.number(),
  items: z.array(timelineItemSchema),
  /** A sentence when whole-second timestamps make bars impossible to tell apart. */
  resolutionNote: str(),
}));
export type TimelineView = z.infer<typeof timelineSchema>;

// ── long lists, a window at a time (src/shared/lists.ts) ─────────────────────

/** The panels' long lists: a run's steps, messages and timeline rows; a response's output and input items. */
export const listNameSchema = lazy(() => z.enum(['steps', 'messages', 'timeline', 'output', 'inputs']));
export type ListName = z.infer<typeof listNameSchema>;

/**
 * A list the state carries only the first rows of: how many there are, and its version
 * (bumped when a row changed; rows from `changedFrom` on may differ from those of the
 * page's older windows).
 */
export const listInfoSchema = lazy(() => z.object({ total: z.number(), version: z.number(), changedFrom: z.number() }));
export type ListInfo = z.infer<typeof listInfoSchema>;

/** The lists of a state sent in part (absent: every list is whole in the state). */
export const listInfosSchema = lazy(() => z.object({
  steps: z.optional(listInfoSchema),
  messages: z.optional(listInfoSchema),
  timeline: z.optional(listInfoSchema),
  output: z.optional(listInfoSchema),
  inputs: z.optional(listInfoSchema),
}));
export type ListInfos = z.infer<typeof listInfosSchema>;

/** One match of a search within the panel's run or response: the list and the row. */
export const searchMatchSchema = lazy(() => z.object({ list: listNameSchema, index: z.number(), label: z.string() }));
export type SearchMatch = z.infer<typeof searchMatchSchema>;

export const runViewSchema = lazy(() => z.object({
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
}));
export type RunView = z.infer<typeof runViewSchema>;

export const submissionSchema = lazy(() => z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('inflight') }),
  z.object({ state: z.literal('done') }),
  z.object({
    state: z.literal('error'),
    message: z.string(),
    problems: z.array(z.object({ toolCallId: z.optional(z.string()), message: z.string() })),
  }),
]));
export type Submission = z.infer<typeof submissionSchema>;

/**
 * The summary of a comparison, side by side (the panel opened from the diff editor):
 * this run or response and the other one, with the rows that differ marked.
 */
export const comparisonSchema = lazy(() => z.object({
  here: z.string(),
  other: z.string(),
  rows: z.array(z.object({ label: z.string(), here: z.string(), other: z.string() })),
}));
export type ComparisonView = z.infer<typeof comparisonSchema>;

export const panelStateSchema = lazy(() => z.object({
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
  /** The comparison the panel was opened from (absent: none). */
  comparison: z.optional(z.nullable(comparisonSchema)),
  /** Typed tool outputs kept until they are submitted: the run's one draft (shared with the editor), per call. */
  drafts: z.record(z.string(), z.string()),
  /** Why the boxes can't show the draft (the editor holds text that is not valid JSON). */
  draftProblem: str(),
  submission: submissionSchema,
  /** The lists the run's arrays hold only the first rows of. */
  lists: z.optional(listInfosSchema),
}));
export type PanelState = z.infer<typeof panelStateSchema>;

// ── extension → webview ──────────────────────────────────────────────────────

/** Image types the panel shows; anything else is refused by the extension before it is sent. */
export const imageMimeTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** Largest image the extension passes to the panel (bytes before base64). */
export const maxImageBytes = 8 * 1024 * 1024;

export const imageResultSchema = lazy(() => z.union([
  z.strictObject({
    fileId: id(),
    mime: z.enum(imageMimeTypes),
    // Only base64 characters: what becomes a `data:` URL cannot carry anything else.
    base64: z.string().check(z.maxLength(Math.ceil(maxImageBytes / 3) * 4), z.regex(/^[A-Za-z0-9+/]*={0,2}$/)),
  }),
  /** Why the image can't be shown, in a sentence. */
  z.strictObject({ fileId: id(), error: z.string() }),
]));
export type ImageResult = z.infer<typeof imageResultSchema>;

// ── the response panel's view model (extension → webview) ─────────────────────

export const responseRefSchema = lazy(() => z.object({ connectionId: id(), responseId: id() }));
export type PanelResponseRef = z.infer<typeof responseRefSchema>;

/** An image a response carries or names: shown only as validated base64 of an image type, a file the extension fetches, or a link. */
export const imageSourceSchema = lazy(() => z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('data'),
    mime: z.enum(imageMimeTypes),
    base64: z.string().check(z.maxLength(Math.ceil(maxImageBytes / 3) * 4), z.regex(/^[A-Za-z0-9+/]*={0,2}$/)),
  }),
  /** A file the extension reads through the files endpoint (`getImage`). */
  z.strictObject({ kind: z.literal('file'), fileId: id() }),
  /** A URL the page never loads: shown as a link the extension opens after asking. */
  z.strictObject({ kind: z.literal('link'), url: z.string() }),
  /** Why it cannot be shown, in a sentence. */
  z.strictObject({ kind: z.literal('invalid'), reason: z.string() }),
]));
export type ImageSource = z.infer<typeof imageSourceSchema>;

/** A moment as the model has it: a time, not yet, or not reported by the service (never guessed). */
export const momentViewSchema = lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('at'), seconds: z.number() }),
  z.object({ kind: z.literal('notYet') }),
  z.object({ kind: z.literal('notReported') }),
]));
export type MomentView = z.infer<typeof momentViewSchema>;

export const responseUsageViewSchema = lazy(() => z.object({ input: num(), cachedInput: num(), output: num(), reasoning: num(), total: num() }));
export type ResponseUsageView = z.infer<typeof responseUsageViewSchema>;

/** Whether a call got its answer, with the sentence that says so. */
export const answerViewSchema = lazy(() => z.object({
  state: z.enum(['answered', 'awaiting', 'noAnswerSeen', 'unanswered']),
  /** The output sent (pretty JSON or text), when answered. */
  output: str(),
  /** The item that carried it. */
  itemId: str(),
  /** A computer call's answer: its screenshot. */
  image: z.optional(z.nullable(imageSourceSchema)),
  note: z.string(),
  /** The output was the original's, sent by a fork's replay. */
  replayed: z.optional(z.boolean()),
}));
export type AnswerView = z.infer<typeof answerViewSchema>;

export const responseContentSchema = lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), annotations: z.array(annotationViewSchema) }),
  z.object({ kind: z.literal('refusal'), text: z.string() }),
  z.object({ kind: z.literal('image'), image: z.nullable(imageSourceSchema) }),
  z.object({ kind: z.literal('file'), fileId: str(), filename: str(), url: str() }),
  z.object({ kind: z.literal('other'), type: z.string(), json: z.string() }),
]));
export type ResponseContentView = z.infer<typeof responseContentSchema>;

const codeOutputViewSchema = lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('logs'), text: z.string() }),
  z.object({ kind: z.literal('image'), image: imageSourceSchema }),
  z.object({ kind: z.literal('other'), type: z.string(), json: z.string() }),
]));

/** One item's body, by kind (pretty JSON and sentences made by the extension). */
export const itemBodySchema = lazy(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), role: z.string(), content: z.nullable(z.array(responseContentSchema)) }),
  z.object({ kind: z.literal('function'), callId: z.string(), name: z.string(), arguments: z.string(), answer: answerViewSchema }),
  z.object({ kind: z.literal('custom'), callId: z.string(), name: z.string(), input: z.string(), answer: answerViewSchema }),
  z.object({ kind: z.literal('code'), code: z.string(), containerId: str(), outputs: z.nullable(z.array(codeOutputViewSchema)) }),
  z.object({
    kind: z.literal('fileSearch'),
    queries: z.array(z.string()),
    results: z.nullable(z.array(z.object({ fileId: str(), filename: str(), score: num(), chunks: z.array(z.string()), attributes: str() }))),
    contentMissing: z.boolean(),
  }),
  z.object({
    kind: z.literal('webSearch'),
    action: z.nullable(z.object({ type: z.string(), queries: z.array(z.string()), url: str(), pattern: str() })),
    sources: z.array(z.object({ type: str(), url: str(), title: str(), name: str() })),
  }),
  z.object({ kind: z.literal('imageGeneration'), image: z.nullable(imageSourceSchema), format: str(), revisedPrompt: str() }),
  z.object({ kind: z.literal('computer'), callId: z.string(), actions: z.string(), safetyChecks: z.array(z.object({ code: str(), message: str() })), answer: answerViewSchema }),
  z.object({ kind: z.literal('mcpCall'), serverLabel: str(), name: z.string(), arguments: z.string(), output: str(), error: str(), approvalRequestId: str() }),
  z.object({ kind: z.literal('shell'), callId: z.string(), commands: z.array(z.string()), workingDirectory: str(), answer: answerViewSchema }),
  z.object({ kind: z.literal('applyPatch'), callId: z.string(), operation: z.nullable(z.object({ type: z.string(), path: str(), diff: str() })), answer: answerViewSchema }),
  z.object({ kind: z.literal('otherCall'), type: z.string(), json: z.string() }),
  z.object({ kind: z.literal('callOutput'), of: z.string(), callId: z.string(), output: z.string(), image: z.optional(z.nullable(imageSourceSchema)), replayed: z.optional(z.boolean()) }),
  z.object({ kind: z.literal('reasoning'), summary: z.array(z.string()), text: z.array(z.string()), encrypted: z.boolean() }),
  z.object({ kind: z.literal('mcpListTools'), serverLabel: str(), tools: z.array(z.object({ name: z.string(), description: str() })), error: str() }),
  z.object({
    kind: z.literal('approvalRequest'),
    approvalRequestId: z.string(),
    serverLabel: str(),
    name: z.string(),
    arguments: z.string(),
    answer: z.object({ state: z.enum(['answered', 'awaiting', 'noAnswerSeen', 'unanswered']), approve: z.nullable(z.boolean()), reason: str(), note: z.string() }),
  }),
  z.object({ kind: z.literal('approvalResponse'), approvalRequestId: z.string(), approve: z.boolean(), reason: str() }),
  z.object({ kind: z.literal('compaction'), encrypted: z.boolean() }),
  z.object({ kind: z.literal('reference'), itemId: z.string() }),
  /** Foundry kinds with a few named fields and the rest as JSON. */
  z.object({ kind: z.literal('fields'), fields: z.array(z.object({ key: z.string(), value: z.string() })), json: str() }),
  z.object({ kind: z.literal('unknown'), type: z.string(), json: z.string(), problem: str() }),
]));
export type ItemBodyView = z.infer<typeof itemBodySchema>;

export const itemViewSchema = lazy(() => z.object({
  id: z.string(),
  index: z.number(),
  type: z.string(),
  status: str(),
  statusKind: statusKindSchema,
  /** One line: what the item is about. */
  summary: z.string(),
  /** Foundry: the agent that produced it ("triage v2"). */
  createdBy: str(),
  body: itemBodySchema,
}));
export type ItemView = z.infer<typeof itemViewSchema>;

export const responseViewSchema = lazy(() => z.object({
  id: z.string(),
  status: z.string(),
  statusKind: statusKindSchema,
  active: z.boolean(),
  model: str(),
  /** A Foundry agent: name and version. */
  agent: z.nullable(z.object({ name: z.string(), version: str() })),
  conversationId: str(),
  previousId: str(),
  /** Responses known to continue this one (`previous_response_id` = this id). */
  nextIds: z.array(z.string()),
  created: momentViewSchema,
  completed: momentViewSchema,
  /** What the finish was ("Completed", "Failed", …), or "Completed" while it runs. */
  completedLabel: z.string(),
  duration: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('seconds'), seconds: z.number() }),
    z.object({ kind: z.literal('running'), since: z.number() }),
    z.object({ kind: z.literal('notReported') }),
  ]),
  usage: z.nullable(responseUsageViewSchema),
  notices: z.array(noticeSchema),
  /** Cancel is offered; otherwise `cancelNote` says why not (null when that goes without saying). */
  cancellable: z.boolean(),
  cancelNote: str(),
  instructions: str(),
  config: z.array(configEntrySchema),
  output: z.array(itemViewSchema),
  inputs: z.object({
    items: z.array(itemViewSchema),
    loaded: z.boolean(),
    loading: z.boolean(),
    hasMore: z.boolean(),
    error: str(),
  }),
  /** The chain's responses the extension holds, on the clock (items carry no times); null when none has a time. */
  timeline: z.nullable(timelineSchema),
}));
export type ResponseView = z.infer<typeof responseViewSchema>;

/** What a response's answer looks like in its draft (what the Required action box shows). */
export const answerDraftSchema = lazy(() => z.object({ output: z.optional(z.string()), approve: z.optional(z.nullable(z.boolean())), reason: z.optional(z.string()) }));
export type AnswerDraftView = z.infer<typeof answerDraftSchema>;

export const continueResultKinds = ['created', 'received', 'invalid', 'declined', 'refused', 'failed', 'uncertain'] as const;

/** The response panel's Required action box: what the response waits for, the draft's answers, and the last Continue. */
export const requiredActionSchema = lazy(() => z.object({
  /** `awaiting` when everything after the response is visible; otherwise no answer is seen, but one may exist. */
  state: z.enum(['awaiting', 'noAnswerSeen']),
  /** Why, in a sentence. */
  note: z.string(),
  items: z.array(
    z.object({
      /** `unsupported`: a call the extension does not answer (computer, shell, apply_patch). */
      kind: z.enum(['output', 'approval', 'unsupported']),
      id: z.string(),
      name: z.string(),
      /** "function call", "custom tool call", "MCP approval request", … */
      what: z.string(),
      serverLabel: str(),
      arguments: z.string(),
    }),
  ),
  answers: z.record(z.string(), answerDraftSchema),
  /** Why the boxes can't show the draft (the editor holds text that is not a request). */
  draftProblem: str(),
  continuing: z.boolean(),
  result: z.nullable(
    z.object({
      kind: z.enum(continueResultKinds),
      message: z.string(),
      /** An invalid draft's problems, by the id they are about. */
      problems: z.array(z.object({ id: str(), message: z.string() })),
      /** The response Continue created. */
      responseId: str(),
    }),
  ),
}));
export type RequiredActionView = z.infer<typeof requiredActionSchema>;

export const responsePanelStateSchema = lazy(() => z.object({
  ref: responseRefSchema,
  connectionName: z.string(),
  loading: z.boolean(),
  /** Why the response could not be loaded, in a sentence. */
  error: str(),
  /** The scheduler refreshes the response while it is active and the panel is open. */
  live: z.boolean(),
  updatedAt: num(),
  /** The last cancel's outcome, in a sentence. */
  cancelMessage: str(),
  response: z.nullable(responseViewSchema),
  /** The comparison the panel was opened from (absent: none). */
  comparison: z.optional(z.nullable(comparisonSchema)),
  /** Shown while the response waits for answers, and after a Continue (absent: none). */
  action: z.optional(z.nullable(requiredActionSchema)),
  /** The lists the response's arrays hold only the first rows of. */
  lists: z.optional(listInfosSchema),
}));
export type ResponsePanelState = z.infer<typeof responsePanelStateSchema>;

const range = <L extends ListName, T extends z.ZodMiniType>(list: L, item: T) =>
  z.object({ type: z.literal('range'), list: z.literal(list), version: z.number(), from: z.number(), items: z.array(item) });

/** Rows of a list, checked as that list's rows. */
const rangeMessageSchema = lazy(() => z.discriminatedUnion('list', [
  range('steps', stepViewSchema),
  range('messages', messageViewSchema),
  range('timeline', timelineItemSchema),
  range('output', itemViewSchema),
  range('inputs', itemViewSchema),
]));

export const hostMessageSchema = lazy(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: panelStateSchema }),
  z.object({ type: z.literal('responseState'), state: responsePanelStateSchema }),
  z.object({ type: z.literal('submission'), submission: submissionSchema }),
  z.object({ type: z.literal('json'), target: jsonTargetSchema, text: z.nullable(z.string()), error: str() }),
  z.object({ type: z.literal('image'), image: imageResultSchema }),
  /** The run's draft changed elsewhere (the editor): the outputs it holds per call. */
  z.object({ type: z.literal('drafts'), drafts: z.record(z.string(), z.string()), draftProblem: str() }),
  /** The response panel's Required action box changed (the draft, a Continue in flight or its result). */
  z.object({ type: z.literal('requiredAction'), action: z.nullable(requiredActionSchema) }),
  /** Rows of a list, from `from` on, as of the list's `version` (answers `getRange`). */
  rangeMessageSchema,
  /** What a search found (answers `search`; `total` counts all, `matches` holds the first ones). */
  z.object({ type: z.literal('searchResult'), seq: z.number(), query: z.string(), matches: z.array(searchMatchSchema), total: z.number() }),
]));
export type HostMessage = z.infer<typeof hostMessageSchema>;

// ── state the webview keeps across reloads (vscode.setState / the serializer) ──

export const persistedStateSchema = lazy(() => z.object({
  ref: runRefSchema,
  /** Sections and steps the user folded or unfolded, by key. */
  open: z.optional(z.record(z.string().check(z.maxLength(600)), z.boolean())),
  drafts: z.optional(z.record(z.string().check(z.maxLength(512)), text())),
  scrollY: z.optional(z.number()),
}));
export type PersistedState = z.infer<typeof persistedStateSchema>;

/** What a response panel keeps across reloads: which response, what was folded, and what was typed but not yet stored. */
export const responsePersistedStateSchema = lazy(() => z.object({
  ref: responseRefSchema,
  open: z.optional(z.record(z.string().check(z.maxLength(600)), z.boolean())),
  /** Answers typed in the Required action box and not yet stored by the extension, by call or approval request id. */
  answers: z.optional(z.record(z.string().check(z.maxLength(512)), z.object({ output: z.optional(text()), reason: z.optional(text()) }))),
  scrollY: z.optional(z.number()),
}));
export type ResponsePersistedState = z.infer<typeof responsePersistedStateSchema>;

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

export function parseResponsePersistedState(value: unknown): ParseResult<ResponsePersistedState> {
  return parseWith(responsePersistedStateSchema, value);
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
