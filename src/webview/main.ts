// Entry of the panels' webview (bundled by esbuild into dist/webview.js): the page says
// which panel it is (`data-page` on <body>, a literal the extension's HTML sets).
import { App, type HostApi } from './app';
import { prepareFormats } from './format';
import { ResponseApp } from './responseApp';

declare function acquireVsCodeApi(): HostApi;

const root = document.getElementById('app');
if (root) {
  const host = acquireVsCodeApi();
  if (document.body.dataset.page === 'response') new ResponseApp(root, host).start();
  else new App(root, host).start();
  // While the extension reads the run or response: the first render does not pay for it.
  setTimeout(prepareFormats, 0);
}
