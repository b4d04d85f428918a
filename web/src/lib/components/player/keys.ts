/**
 * The player's keyboard shortcuts, as a pure function of a key event:
 *   space play/pause · j / k previous / next statement · ← / → 5 s back / forward ·
 *   shift+< / shift+> slower / faster.
 * Keys are left alone while typing (inputs, text areas, selects, editable text), with Ctrl, Alt or
 * Meta held (browser shortcuts), and space/enter on a focused button or link (it presses that).
 */
export type PlayerKeyAction = 'toggle' | 'previous' | 'next' | 'back' | 'forward' | 'slower' | 'faster';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  target: EventTarget | null;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const PRESSABLE = new Set(['BUTTON', 'A', 'SUMMARY']);

export function playerKeyAction(e: KeyLike): PlayerKeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const el = e.target as { tagName?: string; isContentEditable?: boolean; closest?: (s: string) => unknown } | null;
  const tag = el?.tagName?.toUpperCase() ?? '';
  if (TYPING.has(tag) || el?.isContentEditable) return null;
  if (e.key === ' ' && (PRESSABLE.has(tag) || el?.closest?.('[role=button],[role=link]'))) return null;
  switch (e.key) {
    case ' ':
      return 'toggle';
    case 'j':
    case 'J':
      return 'previous';
    case 'k':
    case 'K':
      return 'next';
    case 'ArrowLeft':
      return 'back';
    case 'ArrowRight':
      return 'forward';
    case '<':
      return 'slower';
    case '>':
      return 'faster';
    default:
      return null;
  }
}
