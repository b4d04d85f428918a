/**
 * Just enough of RFC 822 / MIME to read the emails Colloquy writes in tests: unfolded headers with
 * encoded words decoded, and every part's body with quoted-printable undone (links contain "=").
 */
export interface ReadEmail {
  headers: Record<string, string>;
  subject: string;
  to: string;
  /** All bodies (text and HTML parts), decoded, one after the other. */
  body: string;
  raw: string;
}

const qp = (s: string) =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

const encodedWords = (s: string) =>
  s.replace(/=\?utf-8\?([QB])\?(.*?)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : qp(text.replace(/_/g, ' ')),
  );

export function readEmail(raw: string): ReadEmail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = encodedWords(line.slice(i + 1).trim());
  }
  return { headers, subject: headers.subject ?? '', to: headers.to ?? '', body: qp(raw.slice(split)), raw };
}
