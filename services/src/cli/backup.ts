import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open.ts';
import { dumpPgliteDataDir, loadPgliteDataDir } from '../db/pglite.ts';

/**
 * `colloquy backup` / `colloquy restore` for the embedded default: one .tar.gz holding the database
 * (PGlite's tarball of its folder) and everything else in DATA_DIR (media, outbox). A backup takes
 * the database folder's lock, so it is consistent and refuses while a server runs ("stop it first").
 * With a PostgreSQL server, use pg_dump and copy the media folder instead (README, Operations).
 * With MEDIA_STORE=s3 the media are in the bucket, not in DATA_DIR: the backup holds the database
 * and says so (its manifest names the bucket); the bucket is backed up with its own tools.
 */
const MANIFEST = 'colloquy-backup.json';
const DATABASE_TARBALL = 'database.tar';
const FORMAT = 1;
/** What is not copied as files: the live database folder (dumped instead), scratch files and leftovers of a restore. */
const NOT_COPIED = new Set(['db', 'tmp', MANIFEST, DATABASE_TARBALL]);

export class BackupError extends Error {}

/** Where the media of a backup are: in it (local disk), or in a bucket it does not hold. */
export const mediaInBucket = (config: Config) =>
  config.media.store === 's3' ? `s3://${config.media.s3.bucket}/${config.media.s3.prefix}` : null;

export async function backup(config: Config, file: string): Promise<{ bytes: number; mediaBucket: string | null }> {
  if (config.databaseUrl)
    throw new BackupError('DATABASE_URL is set: back up the server with pg_dump and copy DATA_DIR/media (see README, Operations)');
  const dbDir = path.join(config.dataDir, 'db');
  if (!fs.existsSync(path.join(dbDir, 'PG_VERSION'))) throw new BackupError(`no embedded database in ${config.dataDir}`);
  const target = path.resolve(file);
  if (isInside(target, config.dataDir)) throw new BackupError('write the backup outside DATA_DIR');
  // Staged next to the target (not in /tmp, which may be small): the tarball, the manifest, and
  // links to DATA_DIR's other entries, which tar follows.
  const staging = fs.mkdtempSync(`${target}.parts-`);
  try {
    const tarball = await dumpPgliteDataDir(dbDir);
    await fs.promises.writeFile(path.join(staging, DATABASE_TARBALL), Buffer.from(await tarball.arrayBuffer()));
    const manifest = { format: FORMAT, createdAt: new Date().toISOString(), database: 'pglite', mediaBucket: mediaInBucket(config) };
    fs.writeFileSync(path.join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const copied = fs.readdirSync(config.dataDir).filter((name) => !NOT_COPIED.has(name));
    for (const name of copied) fs.symlinkSync(path.join(config.dataDir, name), path.join(staging, name));
    await tar.create({ gzip: true, file: target, cwd: staging, follow: true, portable: true }, [MANIFEST, DATABASE_TARBALL, ...copied]);
    return { bytes: fs.statSync(target).size, mediaBucket: mediaInBucket(config) };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function restore(config: Config, file: string): Promise<{ applied: string[] }> {
  if (config.databaseUrl) throw new BackupError('DATABASE_URL is set: restore a server with pg_restore (see README, Operations)');
  if (!fs.existsSync(file)) throw new BackupError(`no such backup: ${file}`);
  const dbDir = path.join(config.dataDir, 'db');
  if (fs.existsSync(dbDir) && fs.readdirSync(dbDir).length > 0)
    throw new BackupError(`${config.dataDir} already has a database: restore into an empty DATA_DIR`);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const entries: string[] = [];
  await tar.list({ file, onReadEntry: (entry) => entries.push(entry.path) });
  if (!entries.includes(MANIFEST) || !entries.includes(DATABASE_TARBALL)) throw new BackupError(`${file} is not a Colloquy backup`);
  // tar refuses absolute paths and `..` by default, so nothing lands outside DATA_DIR.
  await tar.extract({ file, cwd: config.dataDir });
  const manifestPath = path.join(config.dataDir, MANIFEST);
  const tarballPath = path.join(config.dataDir, DATABASE_TARBALL);
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { format?: number };
    if (manifest.format !== FORMAT) throw new BackupError(`backup format ${manifest.format} is not supported (expected ${FORMAT})`);
    await loadPgliteDataDir(dbDir, new Blob([fs.readFileSync(tarballPath)]));
  } finally {
    fs.rmSync(manifestPath, { force: true });
    fs.rmSync(tarballPath, { force: true });
  }
  // A backup from an older version is brought up to date now rather than at the next start.
  const db = await openDb({ dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers });
  try {
    return { applied: await migrate(db) };
  } finally {
    await db.close();
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
