// Images the extension fetches for a page (a file's image, a chart code interpreter wrote
// in a container): asked once per file, every slot waiting for it filled when it comes.
import type { ImageResult, WebviewMessage } from '../shared/protocol';
import { h } from './dom';
import { notice } from './widgets';

/** An image the extension fetched (validated base64 of an image type), or why it could not. */
function fillImage(slot: HTMLElement, result: ImageResult): void {
  if ('error' in result) {
    slot.replaceChildren(notice('warn', result.error));
    return;
  }
  const img = h('img', { class: 'file-image' });
  img.alt = `Image ${result.fileId}`;
  img.src = `data:${result.mime};base64,${result.base64}`;
  slot.replaceChildren(img);
}

export class ImageRequests {
  private readonly images = new Map<string, { result?: ImageResult; slots: Set<HTMLElement> }>();

  constructor(private readonly post: (message: WebviewMessage) => void) {}

  load(fileId: string, slot: HTMLElement, containerId?: string): void {
    let entry = this.images.get(fileId);
    if (!entry) {
      entry = { slots: new Set() };
      this.images.set(fileId, entry);
      this.post(containerId ? { type: 'getImage', fileId, containerId } : { type: 'getImage', fileId });
    }
    if (entry.result) fillImage(slot, entry.result);
    else entry.slots.add(slot);
  }

  receive(result: ImageResult): void {
    const entry = this.images.get(result.fileId);
    if (!entry) return;
    entry.result = result;
    for (const slot of entry.slots) fillImage(slot, result);
    entry.slots.clear();
  }
}
