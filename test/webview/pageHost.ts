// The extension's side of a standalone page's long lists: states posted as the panels post
// them (windowed by src/panels/panelLists.ts) and the page's `getRange` and `search` answered
// by the same code, after a turn of the event loop, as a webview's messages are.
import type { Page } from 'playwright-core';
import { answerListRequest, responseLists, runLists, windowResponseState, windowRunState, type PanelLists } from '../../src/panels/panelLists';
import type { PanelState, ResponsePanelState, WebviewMessage } from '../../src/shared/protocol';

export interface PageHost {
  /** Posts a state as the panel would (its lists windowed); returns the message's JSON length. */
  postState(state: PanelState | ResponsePanelState): Promise<number>;
  /** Every message posted to the page, as JSON lengths (the largest is the figure). */
  readonly sizes: number[];
  /** The page's requests answered so far. */
  readonly answered: { type: string }[];
}

/** Installs the host on a page opened with the stub that forwards posts to `window.__toHost`. */
export async function hostLists(page: Page, kind: 'run' | 'response'): Promise<PageHost> {
  const lists: PanelLists = kind === 'run' ? runLists() : responseLists();
  const order = kind === 'run' ? (['steps', 'messages'] as const) : (['output', 'inputs'] as const);
  const sizes: number[] = [];
  const answered: { type: string }[] = [];
  const send = async (message: unknown) => {
    const json = JSON.stringify(message);
    sizes.push(json.length);
    await page.evaluate(`window.postMessage(${json}, '*')`);
    return json.length;
  };
  await page.exposeFunction('__toHost', (message: WebviewMessage) => {
    if (message.type !== 'getRange' && message.type !== 'search') return;
    answered.push(message);
    const answer = answerListRequest(lists, message, order);
    if (answer) setTimeout(() => void send(answer).catch(() => undefined), 0);
  });
  return {
    sizes,
    answered,
    postState: (state) =>
      kind === 'run'
        ? send({ type: 'state', state: windowRunState(lists, state as PanelState) })
        : send({ type: 'responseState', state: windowResponseState(lists, state as ResponsePanelState) }),
  };
}
