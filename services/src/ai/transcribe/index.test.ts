import { describe, expect, it } from 'vitest';
import { makeTranscriber, type TranscribeConfig } from './index.ts';

const config: TranscribeConfig = {
  provider: 'local',
  local: { binary: 'pocketsphinx_continuous' },
  openai: { baseUrl: 'http://127.0.0.1:9/v1', model: 'whisper-large-v3', chunkSeconds: 600 },
};

describe('makeTranscriber', () => {
  it('builds the configured provider', () => {
    expect(makeTranscriber(config)).toMatchObject({ provider: 'local', model: 'pocketsphinx-en-us' });
    expect(makeTranscriber({ ...config, provider: 'openai' })).toMatchObject({ provider: 'openai', model: 'whisper-large-v3' });
  });
});
