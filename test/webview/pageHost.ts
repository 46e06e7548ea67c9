// The extension's side of a standalone page's long lists: states posted as the panels post
// them (windowed by src/panels/panelLists.ts) and the page's `getRange` and `search` answered
// by the same code, after a turn of the event loop, as a webview's messages are.
import type { Page } from 'playwright-core';
import { answerListRequest, responseLists, runLists, windowResponseState, windowRunState, type PanelLists } from '../../src/panels/panelLists';
import type { PanelState, ResponsePanelState, WebviewMessage } from '../../src/shared/protocol';

export interface PageHost {
  /** The state message the panel would post (its lists windowed), not sent: the caller posts it; its length is counted. */
  windowed(state: PanelState | ResponsePanelState): unknown;
  /** Posts a state as the panel would (its lists windowed); returns the message's length in bytes of JSON. */
  postState(state: PanelState | ResponsePanelState): Promise<number>;
  /** Every message posted to the page, in bytes of JSON (the largest is the figure). */
  readonly sizes: number[];
  /** The page's requests answered so far. */
  readonly answered: { type: string }[];
}

/** Installs the host on a page opened with the stub that forwards posts to `window.__toHost`. */
/** `delayMs`: how long an answer takes (a busy extension host). */
export async function hostLists(page: Page, kind: 'run' | 'response', delayMs = 0): Promise<PageHost> {
  const lists: PanelLists = kind === 'run' ? runLists() : responseLists();
  const order = kind === 'run' ? (['steps', 'messages'] as const) : (['output', 'inputs'] as const);
  const sizes: number[] = [];
  const answered: { type: string }[] = [];
  const send = async (message: unknown) => {
    const json = JSON.stringify(message);
    sizes.push(Buffer.byteLength(json));
    await page.evaluate(`window.postMessage(${json}, '*')`);
    return Buffer.byteLength(json);
  };
  await page.exposeFunction('__toHost', (message: WebviewMessage) => {
    if (message.type !== 'getRange' && message.type !== 'search') return;
    answered.push(message);
    void answerListRequest(lists, message, order).then((answer) => {
      if (answer) setTimeout(() => void send(answer).catch(() => undefined), delayMs);
    });
  });
  const windowed = (state: PanelState | ResponsePanelState) =>
    kind === 'run' ? { type: 'state', state: windowRunState(lists, state as PanelState) } : { type: 'responseState', state: windowResponseState(lists, state as ResponsePanelState) };
  return {
    sizes,
    answered,
    windowed: (state) => {
      const message = windowed(state);
      sizes.push(Buffer.byteLength(JSON.stringify(message)));
      return message;
    },
    postState: (state) => send(windowed(state)),
  };
}
