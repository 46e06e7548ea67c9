// Every context value of the tree in one place. Menus in package.json match on these
// (e.g. `viewItem =~ /^run:(queued|in_progress|requires_action)/`).
export const contextValues = {
  connection: (kind: string, signedOut: boolean) => `connection:${kind}${signedOut ? ':signedOut' : ''}`,
  thread: (gone: boolean) => (gone ? 'thread:gone' : 'thread'),
  messages: 'messages',
  message: 'message',
  run: (status: string) => `run:${status}`,
  step: (type: string, status: string) => `step:${type}:${status}`,
  toolCall: (type: string) => `toolCall:${type}`,
  loadMore: 'loadMore',
  info: 'info',
  error: 'error',
} as const;
