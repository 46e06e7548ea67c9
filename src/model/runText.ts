// Short texts of model values that more than one surface shows the same way (the tree's
// tooltips, the Markdown export).
import type { ApprovalAnswer, Usage } from './run';

/** "12 input + 30 output = 42 tokens (8 cached)"; "—" where the service reported none. */
export function usageText(usage: Usage | null): string {
  if (!usage) return '—';
  const n = (value: number | null) => (value === null ? '?' : String(value));
  const extras = [usage.cachedInput ? `${usage.cachedInput} cached` : '', usage.reasoning ? `${usage.reasoning} reasoning` : ''].filter(Boolean);
  return `${n(usage.input)} input + ${n(usage.output)} output = ${n(usage.total)} tokens${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

/** Whether an approval request was answered and how; `reason` shapes a denial's reason for its surface. */
export function approvalText(answer: ApprovalAnswer, reason: (text: string) => string): string {
  switch (answer.state) {
    case 'answered':
      return answer.approve ? 'approved' : `denied${answer.reason ? `: ${reason(answer.reason)}` : ''}`;
    case 'awaiting':
      return 'awaiting approval';
    case 'noAnswerSeen':
      return 'no answer seen';
    case 'unanswered':
      return 'not answered';
  }
}
