// The summary of a comparison side by side, for the panel opened from the diff editor:
// the same rows as the top of the compare documents (model, status, error, duration,
// tokens, steps, tool calls by name), for this run or response and the other.
import { compareSummary } from '../model/compareText';
import { loadForCompare, type CompareRef, type CompareSources } from '../editors/compareDocuments';
import type { ComparisonView } from '../shared/protocol';

export async function comparisonView(sources: CompareSources, here: CompareRef, other: CompareRef): Promise<ComparisonView> {
  const [a, b] = await Promise.all([loadForCompare(sources, here), loadForCompare(sources, other)]);
  const rows = (run: typeof a): [string, string][] => [['model', run.model ?? 'not reported'], ...compareSummary(run)];
  const right = rows(b);
  return { here: a.id, other: b.id, rows: rows(a).map(([label, value], i) => ({ label, here: value, other: right[i]![1] })) };
}
