import * as vscode from 'vscode';
import { CancelledByUser, UserFacingError } from '../api/errors';
import { forkUri, type ForkTarget } from '../editors/forkDrafts';
import { cutProblem, cutProblemWords, itemWords, nearestCuts } from '../model/fork';
import type { Services } from '../services';
import { refOf, responseRefOf, runRefOf } from '../util/refs';

/**
 * What a command argument forks: a run (from its start), a step of a run (a StepNode, or
 * a run reference with `stepId`), a response (from its start), an item of a response (an
 * ItemNode under a response, or a response reference with `itemId`).
 */
function targetOf(arg: unknown): ForkTarget | undefined {
  const ref = refOf(arg);
  const run = runRefOf(arg);
  if (run) return { family: 'assistants', ...run, point: typeof ref?.stepId === 'string' ? ref.stepId : 'start' };
  const response = responseRefOf(arg);
  if (response) return { family: 'responses', ...response, point: typeof ref?.itemId === 'string' ? ref.itemId : 'start' };
  // An item row carries only its item id; its parent row is the response.
  const node = arg as { kind?: unknown; parent?: unknown; step?: { id?: unknown } } | undefined;
  const parent = node?.kind === 'item' ? responseRefOf(node.parent) : undefined;
  if (parent && typeof node?.step?.id === 'string') return { family: 'responses', ...parent, point: node.step.id };
  return undefined;
}

async function pickOriginal(services: Services): Promise<ForkTarget> {
  const name = (id: string) => services.connections.get(id)?.name ?? id;
  const items = [
    ...services.store.knownRuns().map(({ connectionId, run }) => ({
      label: `$(debug-start) ${run.id}`,
      description: `${run.status} · ${run.model ?? ''} · ${name(connectionId)}`,
      target: { family: 'assistants' as const, connectionId, threadId: run.thread_id, runId: run.id, point: 'start' },
    })),
    ...services.responses.knownResponses().map(({ connectionId, response }) => ({
      label: `$(comment-discussion) ${response.id}`,
      description: `${response.status ?? ''} · ${response.model ?? ''} · ${name(connectionId)}`,
      target: { family: 'responses' as const, connectionId, responseId: response.id, point: 'start' },
    })),
  ];
  if (!items.length) throw new UserFacingError(vscode.l10n.t('No run or response has been read yet: open one first, then fork it (or use Fork from Here… on a step or item).'));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Fork from Here…'), placeHolder: vscode.l10n.t('Pick the run or response to fork from its start'), matchOnDescription: true });
  if (!picked) throw new CancelledByUser();
  return picked.target;
}

/**
 * A Responses fork point the service would reject (a call without its output, a reasoning
 * item without what follows it): the nearest valid points are offered instead.
 */
async function validPoint(services: Services, target: Extract<ForkTarget, { family: 'responses' }>): Promise<ForkTarget> {
  if (target.point === 'start') return target;
  const { items, context } = await services.forkDrafts.responseItems(target);
  const count = items.findIndex((i) => i.id === target.point) + 1;
  if (count <= 0) throw new UserFacingError(vscode.l10n.t('Item {0} is not among the items of response {1}.', target.point, target.responseId));
  const problem = cutProblem(items, count);
  if (!problem) return target;
  const { before, after } = nearestCuts(items, count);
  const choices = [
    ...(after !== undefined ? [{ label: vscode.l10n.t('$(arrow-down) Fork after {0}', itemWords(items[after - 1]!)), detail: vscode.l10n.t('Item {0}: keeps {1} more item(s).', after, after - count), point: String(items[after - 1]!.id) }] : []),
    ...(before > context && before > 0 ? [{ label: vscode.l10n.t('$(arrow-up) Fork after {0}', itemWords(items[before - 1]!)), detail: vscode.l10n.t('Item {0}: keeps {1} fewer item(s).', before, count - before), point: String(items[before - 1]!.id) }] : []),
    ...(before <= context ? [{ label: vscode.l10n.t('$(arrow-up) Fork from the start of {0}', target.responseId), detail: vscode.l10n.t('Its input only.'), point: 'start' }] : []),
  ];
  const picked = await vscode.window.showQuickPick(choices, {
    title: vscode.l10n.t("Can't fork right after {0}", itemWords(items[count - 1]!)),
    placeHolder: cutProblemWords(problem),
  });
  if (!picked) throw new CancelledByUser();
  return { ...target, point: picked.point };
}

/** Fork from Here… (a run, step, response or item row; the panel; the palette): opens the fork document. */
export async function forkFromHere(services: Services, arg?: unknown): Promise<vscode.Uri> {
  let target = targetOf(arg) ?? (await pickOriginal(services));
  if (target.family === 'responses') target = await validPoint(services, target);
  await services.forkDrafts.open(target);
  return forkUri(target);
}
