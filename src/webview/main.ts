// Entry of the run panel's webview (bundled by esbuild into dist/webview.js).
import { App, type HostApi } from './app';

declare function acquireVsCodeApi(): HostApi;

const root = document.getElementById('app');
if (root) new App(root, acquireVsCodeApi()).start();
