// Every business error the emulator returns, with the real service's status and text
// (API-CONTRACT.md; recorded bodies in fixtures/recorded/ruby-openai/error_*.json).
// Business errors are 400/404, never 409/5xx: the openai client silently retries those.
import { ApiError } from './types';

export type ObjectKind = 'thread' | 'run' | 'message' | 'run step' | 'assistant';

export const errors = {
  notFound: (kind: ObjectKind, id: string) => new ApiError(404, `No ${kind} found with id '${id}'.`),
  submitNotAccepted: (status: string) => new ApiError(400, `Runs in status "${status}" do not accept tool outputs.`),
  wrongToolCallIds: (expected: string[], got: string[]) =>
    new ApiError(400, `Expected tool outputs for call_ids [${expected.map((id) => `'${id}'`).join(', ')}], got [${got.map((id) => `'${id}'`).join(', ')}]`),
  cannotCancel: (status: string) => new ApiError(400, `Cannot cancel run with status '${status}'.`),
  cannotUpdateRun: (status: string) => new ApiError(400, `Cannot update run with status '${status}'.`),
  threadHasActiveRun: (threadId: string, runId: string) => new ApiError(400, `Thread ${threadId} already has an active run ${runId}.`),
  messageDuringActiveRun: (threadId: string, runId: string) =>
    new ApiError(400, `Can't add messages to ${threadId} while a run ${runId} is active.`),
  invalidJson: () =>
    new ApiError(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    ),
  unknownParameter: (param: string) => new ApiError(400, `Unknown parameter: '${param}'.`, 'invalid_request_error', param, 'unknown_parameter'),
  missingParameter: (param: string) =>
    new ApiError(400, `Missing required parameter: '${param}'.`, 'invalid_request_error', param, 'missing_required_parameter'),
  invalidType: (param: string, expected: string, got: unknown) =>
    new ApiError(400, `Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(got)} instead.`, 'invalid_request_error', param, 'invalid_type'),
  invalidValue: (param: string, value: string, supported: string[]) =>
    new ApiError(
      400,
      `Invalid value: '${value}'. Supported values are: ${supported.map((s) => `'${s}'`).join(', ').replace(/, ([^,]*)$/, ' and $1')}.`,
      'invalid_request_error',
      param,
      'invalid_value',
    ),
  belowMin: (param: string, min: number, got: number) =>
    new ApiError(400, `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${got} instead.`, 'invalid_request_error', param, 'integer_below_min_value'),
  aboveMax: (param: string, max: number, got: number) =>
    new ApiError(400, `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${got} instead.`, 'invalid_request_error', param, 'integer_above_max_value'),
  notAnInteger: (param: string, raw: string) =>
    new ApiError(400, `Invalid '${param}': expected an integer, but got '${raw}' instead.`, 'invalid_request_error', param, 'invalid_type'),
  stringTooLong: (param: string, max: number, got: number) =>
    new ApiError(
      400,
      `Invalid '${param}': string too long. Expected a string with maximum length ${max}, but got a string with length ${got} instead.`,
      'invalid_request_error',
      param,
      'string_above_max_length',
    ),
  tooManyMetadataKeys: (param: string, got: number) =>
    new ApiError(400, `Invalid '${param}': too many properties. Expected an object with at most 16 properties, but got an object with ${got} properties instead.`, 'invalid_request_error', param, 'object_above_max_properties'),
  unknownCursor: (param: string, id: string) => new ApiError(400, `Invalid '${param}': no object with id '${id}' in this list.`, 'invalid_request_error', param, 'invalid_value'),
  invalidUrl: (method: string, path: string) => new ApiError(404, `Invalid URL (${method} ${path})`),
  listThreadsNeedsSessionKey: () =>
    new ApiError(
      401,
      'Your request to GET /v1/threads must be made with a session key (that is, it can only be made from the browser). You made it with the following key type: secret.',
      'invalid_request_error',
      null,
      'missing_scope',
    ),
  missingApiKey: () =>
    new ApiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    ),
  incorrectApiKey: (key: string) =>
    new ApiError(
      401,
      `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      'invalid_request_error',
      null,
      'invalid_api_key',
    ),
  azureUnauthorized: () =>
    new ApiError(401, 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://ai.azure.com), or have expired.', 'invalid_request_error', null, 'PermissionDenied'),
  azureOpenAIUnauthorized: () =>
    new ApiError(
      401,
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      'invalid_request_error',
      null,
      '401',
    ),
  missingApiVersion: () =>
    new ApiError(400, 'The api-version query parameter (?api-version=) is required for all requests.', 'invalid_request_error', 'api-version', 'MissingApiVersionParameter'),
  unsupportedApiVersion: (version: string, supported: string[]) =>
    new ApiError(
      400,
      `Unsupported api-version '${version}'. The supported api-versions are '${supported.join(', ')}'.`,
      'invalid_request_error',
      'api-version',
      'UnsupportedApiVersionValue',
    ),
  rateLimited: () =>
    new ApiError(429, 'Rate limit reached for requests. Please try again in a moment.', 'requests', null, 'rate_limit_exceeded'),
  serverError: () =>
    new ApiError(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null, null),
};

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a decimal';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function maskKey(key: string): string {
  if (key.length <= 8) return key.replace(/./g, '*');
  return `${key.slice(0, 3)}${'*'.repeat(Math.max(4, key.length - 7))}${key.slice(-4)}`;
}
