/**
 * A Svelte action for a step's heading (give it tabindex="-1"): it takes the focus as the step
 * appears, so keyboard and screen-reader users start reading where the page changed.
 */
export function focusOnMount(node: HTMLElement) {
  node.focus();
}
