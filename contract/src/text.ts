import { z } from 'zod';

/**
 * Text fields of requests. PostgreSQL cannot store a NUL byte in text or jsonb, and other control
 * characters have no business in a title or a note, so every text input goes through `Text`:
 * C0 controls (except tab, line feed and carriage return), DEL and C1 controls are refused with
 * 400 E_VALIDATION. Files (captions, transcripts) are cleaned with `stripControlChars` instead,
 * since tools that write them leave stray bytes a person cannot see or fix.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const NO_CONTROL = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const NO_CONTROL_ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F]*$/;

export interface TextOptions {
  /** At least this many characters (after nothing is trimmed: blank checks stay with the handler). */
  min?: number;
  /** A name or a title: no line breaks or tabs either. */
  oneLine?: boolean;
}

/** A request's text field of at most `max` characters, without control characters. */
export function Text(max: number, options: TextOptions = {}) {
  const pattern = options.oneLine ? NO_CONTROL_ONE_LINE : NO_CONTROL;
  const message = options.oneLine ? 'must be one line without control characters' : 'must not contain control characters (such as NUL)';
  let schema = z.string().max(max);
  if (options.min !== undefined) schema = schema.min(options.min);
  return schema.regex(pattern, { message });
}

/** The one title limit, for JSON bodies and multipart uploads alike. */
export const TITLE_MAX = 300;
export const Title = Text(TITLE_MAX);

/** Whether `value` holds a character `Text` refuses. */
export const hasControlChars = (value: string): boolean => new RegExp(CONTROL.source).test(value);

/** `value` without the characters `Text` refuses (for caption and transcript files, and stored error messages). */
export const stripControlChars = (value: string): string => value.replace(CONTROL, '');
