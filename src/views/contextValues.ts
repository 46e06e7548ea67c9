// Every context value of the tree in one place. Menus in package.json match on these
// with anchored patterns (e.g. `viewItem =~ /^run:(queued|in_progress|requires_action)$/`),
// so that `messages` never matches a pattern meant for `message`.
export const contextValues = {
  connection: (kind: string, signedOut: boolean, hasHidden: boolean) => `connection:${kind}${signedOut ? ':signedOut' : ''}${hasHidden ? ':hidden' : ''}`,
  /** Export files opened read-only (Open Archive…): none of a connection's menus apply. */
  archive: 'archive',
  thread: (gone: boolean) => (gone ? 'thread:gone' : 'thread'),
  messages: 'messages',
  message: 'message',
  /** `archived`: read from an archive, so nothing that needs the service (answer, cancel, fork) matches. */
  run: (status: string, archived = false) => `run:${status}${archived ? ':archived' : ''}`,
  step: (type: string, status: string) => `step:${type}:${status}`,
  toolCall: (type: string) => `toolCall:${type}`,
  group: (kind: string) => `group:${kind}`,
  conversation: (gone: boolean) => (gone ? 'conversation:gone' : 'conversation'),
  /**
   * `cancellable`: a background response still queued or in progress; `answerable`: it
   * ended with calls or approval requests nothing seen answers (Answer and Continue).
   */
  response: (status: string, cancellable: boolean, answerable = false, archived = false) =>
    archived ? `response:${status}:archived` : `response:${status}${cancellable ? ':cancellable' : ''}${answerable ? ':answerable' : ''}`,
  item: (type: string) => `item:${type}`,
  /** The *Captured errors* group of a connection. */
  captured: 'captured',
  loadMore: 'loadMore',
  info: 'info',
  error: 'error',
} as const;
