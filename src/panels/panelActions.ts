// What both panels (run and response) do the same way for their page: open a link from
// service data after checking and asking, and fetch a file's image once per panel.
import * as vscode from 'vscode';
import { toSentence } from '../api/errors';
import { maxImageBytes, type ImageResult } from '../shared/protocol';
import type { FileContent } from '../api/client';
import type { Log } from '../util/log';
import { imageResultOf } from './images';
import { checkExternalLink } from './links';

/** Opens a link from the page only when it is a plain https URL, and only after the user agrees. */
export async function openCheckedLink(log: Log, text: string, where: string, what: string): Promise<void> {
  const check = checkExternalLink(text);
  if (!check.ok) {
    log.warn(`${where}: refused to open a link from the ${what} (${check.reason}).`);
    void vscode.window.showWarningMessage(vscode.l10n.t('The link was not opened: {0}.', check.reason));
    return;
  }
  const open = vscode.l10n.t('Open');
  const choice = await vscode.window.showWarningMessage(
    what === 'response' ? vscode.l10n.t('Open a link from the response in your browser?') : vscode.l10n.t('Open a link from the run in your browser?'),
    { modal: true, detail: check.url },
    open,
  );
  if (choice === open) await vscode.env.openExternal(vscode.Uri.parse(check.url, true));
}

/** Reads a file's bytes: from the files endpoint, or from a container when `containerId` is given. */
export type ReadFile = (fileId: string, containerId: string | undefined, maxBytes: number) => Promise<FileContent>;

/** A panel's images by file id: each read once, a failure asked again next time. */
export class PanelImages {
  private readonly images = new Map<string, Promise<ImageResult>>();

  constructor(private readonly read: ReadFile) {}

  get(fileId: string, containerId?: string): Promise<ImageResult> {
    const k = `${containerId ?? ''}|${fileId}`;
    let result = this.images.get(k);
    if (!result) {
      result = this.read(fileId, containerId, maxImageBytes).then(
        (file) => imageResultOf(fileId, file.bytes, file.contentType),
        (error: unknown) => {
          // Asked again when the panel is next opened: a failure may be passing.
          this.images.delete(k);
          return { fileId, error: toSentence(error, vscode.l10n.t("Couldn't fetch image {0}", fileId)) };
        },
      );
      this.images.set(k, result);
    }
    return result;
  }
}
