import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import './queue.ts'; // guards pg-boss's completion writes

describe("pg-boss's completion writes, guarded", () => {
  it('stay published on the boss under their names, reject for callers and report through error', async () => {
    const refused = new Error('invalid byte sequence for encoding "UTF8": 0x00');
    const boss = new PgBoss({
      db: {
        executeSql: async () => {
          throw refused;
        },
      },
    } as PgBoss.ConstructorOptions);
    expect(typeof boss.fail).toBe('function');
    expect(typeof boss.complete).toBe('function');
    const reported: unknown[] = [];
    boss.on('error', (err) => reported.push(err));
    await expect(boss.fail('probe', '00000000-0000-0000-0000-000000000000', { message: 'x' })).rejects.toBe(refused);
    expect(reported).toContain(refused);
  });
});
