/**
 * The sidebar frame's URL fragment when the agent opened it (edge tab,
 * shortcut): its search box takes the focus at once. A sidebar that opens by
 * itself as the console loads has none, and leaves the focus in the page's
 * chat box, where the agent may already be typing.
 */
export const SIDEBAR_FOCUS_HASH = 'focus';

export function openedByAgent(hash: string): boolean {
  return hash === `#${SIDEBAR_FOCUS_HASH}`;
}
