// The validators compiled from their JSON Schemas at build time
// (scripts/schemaValidators.mjs, an esbuild plugin); each is a function with `.errors`.
declare module 'agent-runs:fork-validators' {
  import type { ValidateFunction } from 'ajv';
  export const responses: ValidateFunction;
  export const assistants: ValidateFunction;
}

// The export format's validator (media/export.schema.json), stopping at the first error.
declare module 'agent-runs:export-validators' {
  import type { ValidateFunction } from 'ajv';
  export const exportFile: ValidateFunction;
}
