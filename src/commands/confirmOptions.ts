/** What a command that asks before acting takes as its options argument. */
export interface ConfirmOptions {
  /** `false` skips the modal confirmation (tests, keybindings with arguments). */
  confirm?: boolean;
}
