// All open response panels, one per response (keyed by connection|response), restored
// after a window reload (the shared mechanism is WebviewPanels).
import type { CoreServices } from '../coreServices';
import { parseResponsePersistedState } from '../shared/protocol';
import { responseRefKey, type ResponseRef } from '../util/refs';
import { ResponsePanel, responsePanelViewType, type ResponsePanelDrafts } from './responsePanel';
import { panelOptions } from './runPanel';
import { WebviewPanels } from './webviewPanels';

export class ResponsePanels extends WebviewPanels<ResponseRef, ResponsePanel> {
  constructor(services: CoreServices, drafts: ResponsePanelDrafts) {
    super(services, {
      viewType: responsePanelViewType,
      noun: 'response',
      keyOf: responseRefKey,
      titleOf: (ref) => ref.responseId,
      connectionIdOf: (ref) => ref.connectionId,
      refFromState: (state) => {
        const parsed = parseResponsePersistedState(state);
        if (!parsed.ok) return parsed;
        const { connectionId, responseId } = parsed.value.ref;
        return { ok: true, value: { connectionId, responseId } };
      },
      create: (webviewPanel, ref) => new ResponsePanel(services, drafts, webviewPanel, ref),
      options: () => panelOptions(services.context.extensionUri),
    });
  }
}
