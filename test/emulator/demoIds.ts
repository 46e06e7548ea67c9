// Well-known objects of the `demo` seed, so extension tests and the demo can find them.
// Ids are fixed; everything else in the demo (the 250 runs, their steps…) gets
// deterministic ids from a seeded generator.
const id = (prefix: string, name: string): string => `${prefix}_${name.padEnd(24, '0').slice(0, 24)}`;

export const DEMO = {
  project: 'demo',
  threads: {
    /** "Book a table for two…": runs completed, failed, incomplete, cancelled, expired, code, and the requires_action run. */
    mixed: id('thread', 'demoMixed'),
    /** 250 runs with varied steps (function calls, messages, code_interpreter, file_search). */
    manyRuns: id('thread', 'demoManyRuns'),
    /** One run with 150 steps, one of them with a 1 MB function output. */
    bigRun: id('thread', 'demoBigRun'),
    /** HTML/script text in messages, tool arguments/outputs, metadata and errors. */
    hostile: id('thread', 'demoHostile'),
    /** Non-Latin text (Japanese, Arabic, Russian, Hindi, Chinese, emoji). */
    unicode: id('thread', 'demoUnicode'),
    /** Holds the queued run (one active run per thread). */
    queued: id('thread', 'demoQueued'),
    /** Holds the in_progress asst_slow run. */
    inProgress: id('thread', 'demoInProgress'),
    /** Holds the run stuck in cancelling. */
    cancelling: id('thread', 'demoCancelling'),
  },
  runs: {
    /** asst_tools run waiting for get_weather + lookup_order outputs; never expires while the demo runs. */
    requiresAction: id('run', 'demoRequiresAction'),
    completed: id('run', 'demoCompleted'),
    failed: id('run', 'demoFailed'),
    incomplete: id('run', 'demoIncomplete'),
    cancelled: id('run', 'demoCancelled'),
    expired: id('run', 'demoExpired'),
    /** asst_slow: stays in_progress until cancelled. */
    inProgress: id('run', 'demoInProgress'),
    /** Stays queued until cancelled. */
    queued: id('run', 'demoQueued'),
    /** Stays cancelling (a snapshot of a run being cancelled). */
    cancelling: id('run', 'demoCancelling'),
    /** asst_code run: code_interpreter, file_search (with chunk text) and a file_citation message. */
    code: id('run', 'demoCode'),
    bigRun150Steps: id('run', 'demoBigRun150Steps'),
    hostile: id('run', 'demoHostile'),
    hostileFailed: id('run', 'demoHostileFailed'),
    unicode: id('run', 'demoUnicode'),
  },
  steps: {
    /** tool_calls step of requiresAction (in_progress, outputs null). */
    requiresAction: id('step', 'demoRequiresAction'),
    /** Step of bigRun150Steps whose function output is 1 MB. */
    bigOutput: id('step', 'demoBigOutput'),
    fileSearch: id('step', 'demoFileSearch'),
    codeInterpreter: id('step', 'demoCodeInterpreter'),
  },
  calls: {
    requiresActionWeather: id('call', 'demoWeather'),
    requiresActionOrder: id('call', 'demoOrder'),
  },
  messages: {
    hostileFirst: id('msg', 'demoHostileFirst'),
    unicodeFirst: id('msg', 'demoUnicodeFirst'),
  },
  counts: { manyRunsRuns: 250, bigRunSteps: 150 },
  /** Length in bytes (ASCII) of the big function output. */
  bigOutputBytes: 1024 * 1024,
} as const;

export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click me](javascript:alert(1))',
  '<a href="javascript:alert(1)">link</a>',
  '"><svg onload=alert(1)>',
  "'); DROP TABLE runs; --",
  '{{constructor.constructor("alert(1)")()}}',
  '<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>',
] as const;

// Responses family ---------------------------------------------------------------------------
const rid = (prefix: string, name: string): string => `${prefix}_${name.padEnd(48, '0').slice(0, 48)}`;

/** Well-known objects of the `demo` seed's Responses family (responsesSeed.ts). */
export const DEMO_RESPONSES = {
  conversations: {
    /** "Plan a weekend in Lisbon": items of the responses completed, chainless, with a pending function call at the end. */
    support: rid('conv', 'demoSupport'),
    /** 1,000 items (messages, function calls and outputs, reasoning), no responses of its own. */
    big: rid('conv', 'demoBig1000Items'),
    /** HTML/script text in items and metadata. */
    hostile: rid('conv', 'demoHostile'),
    /** Non-Latin text. */
    unicode: rid('conv', 'demoUnicode'),
    /** Run by the Foundry agent `tools` (version 1): its responses carry `agent`, its items `created_by`. */
    agent: rid('conv', 'demoAgentTools'),
  },
  responses: {
    completed: rid('resp', 'demoCompleted'),
    failed: rid('resp', 'demoFailed'),
    incomplete: rid('resp', 'demoIncomplete'),
    cancelled: rid('resp', 'demoCancelled'),
    /** Background, stays queued until cancelled. */
    queued: rid('resp', 'demoQueued'),
    /** Background, stays in_progress until cancelled. */
    inProgress: rid('resp', 'demoInProgress'),
    /** tools: two function_calls nobody answered yet. */
    pendingFunctionCall: rid('resp', 'demoPendingFunctionCall'),
    /** mcp: an mcp_approval_request nobody answered yet. */
    pendingMcpApproval: rid('resp', 'demoPendingMcpApproval'),
    /** previous_response_id chain: chain1 ← chain2 ← chain3 (chain3 answers chain2's function calls). */
    chain1: rid('resp', 'demoChain1'),
    chain2: rid('resp', 'demoChain2'),
    chain3: rid('resp', 'demoChain3'),
    /** 200 output items of every kind, about 2 MB of content. */
    big200Items: rid('resp', 'demoBig200Items'),
    /** code_interpreter_call (logs and an image), web/file search, reasoning, image generation, annotations. */
    everyKind: rid('resp', 'demoEveryKind'),
    /** A `workflow_action` item (a Foundry kind unknown to OpenAI's spec), then a message. */
    unknownKind: rid('resp', 'demoUnknownKind'),
    hostile: rid('resp', 'demoHostile'),
    unicode: rid('resp', 'demoUnicode'),
    /** In the support conversation. */
    inConversation: rid('resp', 'demoInConversation'),
    /** Foundry: agent `tools` version 1, in DEMO_RESPONSES.conversations.agent. */
    agent: rid('resp', 'demoAgentTools'),
  },
  calls: {
    pendingWeather: 'call_demoPendingWeather0000000',
    pendingOrder: 'call_demoPendingOrder000000000',
  },
  items: {
    pendingMcpApproval: rid('mcpr', 'demoPendingApproval'),
  },
  counts: { bigConversationItems: 1000, bigResponseOutputItems: 200 },
  /** Approximate size in bytes of the big response's content. */
  bigResponseBytes: 2 * 1024 * 1024,
} as const;
