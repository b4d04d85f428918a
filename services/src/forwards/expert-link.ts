/**
 * What an expert link shows (GET /api/x/:token): the forwarded statement's span, or for a shared
 * interview answer the whole contribution, with its transcript, media and the replies sent
 * through the link. Nothing outside that span or contribution is read.
 */
import type { ExpertLink } from '@colloquy/contract';
import type { Queryable } from '../db/db.ts';
import { transcriptWithCorrections } from '../contributions/statement-edit.ts';
import type { LinkRow } from './forwards.ts';
import { repliesVia } from './outside-reply.ts';
import { spanMime } from './span-media.ts';
import { spanTranscript, wholeTranscript } from './span-transcript.ts';

/** A whole contribution is served as stored. */
export const wholeMime = (link: LinkRow) => link.mime ?? spanMime(link.has_video);

export async function expertLinkView(db: Queryable, link: LinkRow, token: string): Promise<ExpertLink> {
  const segments = await transcriptWithCorrections(db, link.contribution_id);
  const whole = link.whole_contribution;
  const span = whole
    ? {
        startMs: 0,
        endMs: link.duration_ms ?? Math.max(link.end_ms, ...segments.map((x) => x.endMs)),
        speaker: link.speaker,
        text: link.text,
      }
    : { startMs: link.start_ms, endMs: link.end_ms, speaker: link.speaker, text: link.text };
  return {
    statement: { ...span, gist: link.gist },
    transcript: whole ? wholeTranscript(segments) : spanTranscript(segments, span),
    conferenceTitle: link.conference_title,
    forwarderName: link.from_name,
    expertName: link.person_name,
    note: link.note,
    expiresAt: link.expires_at.toISOString(),
    media: link.media_path
      ? {
          url: `/api/x/${token}/media`,
          startMs: span.startMs,
          endMs: span.endMs,
          mime: whole ? wholeMime(link) : spanMime(link.has_video),
        }
      : null,
    wholeContribution: whole,
    replies: (await repliesVia(db, link.forward_id)).map((r) => ({ id: r.id, status: r.status, createdAt: r.created_at.toISOString() })),
  };
}
