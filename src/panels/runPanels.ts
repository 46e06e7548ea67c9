// All open run panels, one per run (keyed by connection|thread|run), restored after a
// window reload (the shared mechanism is WebviewPanels).
import type { CoreServices } from '../coreServices';
import { parsePersistedState } from '../shared/protocol';
import { runRefKey, type RunRef } from '../util/refs';
import { RunPanel, panelOptions, runPanelViewType, type PanelDrafts } from './runPanel';
import { WebviewPanels } from './webviewPanels';

export class RunPanels extends WebviewPanels<RunRef, RunPanel> {
  constructor(services: CoreServices, drafts: PanelDrafts) {
    super(services, {
      viewType: runPanelViewType,
      noun: 'run',
      keyOf: runRefKey,
      titleOf: (ref) => ref.runId,
      connectionIdOf: (ref) => ref.connectionId,
      refFromState: (state) => {
        const parsed = parsePersistedState(state);
        if (!parsed.ok) return parsed;
        const { connectionId, threadId, runId } = parsed.value.ref;
        return { ok: true, value: { connectionId, threadId, runId } };
      },
      create: (webviewPanel, ref) => new RunPanel(services, drafts, webviewPanel, ref),
      options: () => panelOptions(services.context.extensionUri),
    });
  }
}
