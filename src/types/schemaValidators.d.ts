// The fork documents' validators, compiled from their JSON Schemas at build time
// (scripts/forkValidators.mjs, an esbuild plugin); each is a function with `.errors`.
declare module 'agent-runs:fork-validators' {
  import type { ValidateFunction } from 'ajv';
  export const responses: ValidateFunction;
  export const assistants: ValidateFunction;
}
