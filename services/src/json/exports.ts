import type { ExportJob } from '@colloquy/contract';
import type { ExportRow } from '../db/repos/exports.repo.ts';

export const exportView = (e: ExportRow): ExportJob => ({
  id: e.id,
  spaceId: e.space_id,
  conferenceId: e.conference_id,
  mine: e.mine,
  status: e.status,
  progress: e.progress,
  bytes: e.bytes,
  error: e.error,
  downloadUrl: e.status === 'ready' ? `/api/exports/${e.id}/download` : null,
  createdAt: e.created_at.toISOString(),
  expiresAt: e.expires_at?.toISOString() ?? null,
});
