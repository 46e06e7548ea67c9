// Reading loosely typed wire values (fields the schemas pass through untyped), shared
// by the two adapters.
import type { Annotation } from './run';

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const record = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * An annotation of either family: Assistants nest the citation (`file_citation: {file_id,
 * quote}`, `url_citation: {url, title}`), Responses put its fields on the annotation.
 */
export function annotationOf(a: Record<string, unknown>): Annotation {
  const citation = record(a.file_citation) ?? record(a.file_path);
  const url = record(a.url_citation);
  return {
    type: String(a.type),
    text: str(a.text),
    start: num(a.start_index),
    end: num(a.end_index),
    url: str(url?.url) ?? str(a.url),
    title: str(url?.title) ?? str(a.title),
    fileId: str(citation?.file_id) ?? str(a.file_id),
    filename: str(a.filename),
    containerId: str(a.container_id),
    quote: str(citation?.quote),
  };
}
