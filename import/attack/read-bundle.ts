import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DownloadError, InputError } from '../../src/errors';
import { inPhase, NO_PROGRESS, Progress } from '../../src/progress';

export interface RawBundle {
  source: string;
  sha256: string;
  json: unknown;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

const failure = (error: unknown) => ((error as Error).cause ? String((error as Error).cause) : (error as Error).message);

/**
 * The body, counted as it arrives. Its total is the Content-Length, unless the server compressed
 * the transfer (fetch counts the bytes after decoding them, the header the bytes before).
 */
async function fetchBytes(url: string, progress: Progress): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new DownloadError(url, failure(error));
  }
  if (!response.ok) throw new DownloadError(url, `HTTP ${response.status} ${response.statusText}`);
  const length = Number(response.headers.get('content-length') ?? NaN);
  const encoded = !['', 'identity'].includes((response.headers.get('content-encoding') ?? '').toLowerCase());
  const total = Number.isSafeInteger(length) && length > 0 && !encoded ? length : null;
  return inPhase(progress, `Downloading ${url}`, total, 'bytes', async (phase) => {
    const chunks: Uint8Array[] = [];
    try {
      for await (const chunk of response.body ?? []) {
        chunks.push(chunk);
        phase.advance(chunk.length);
      }
    } catch (error) {
      throw new DownloadError(url, failure(error));
    }
    return Buffer.concat(chunks);
  });
}

/** Reads a .json or .json.gz file or URL; the sha256 is of the bytes as stored (gzip detected by magic number). */
export async function readBundle(source: string, progress: Progress = NO_PROGRESS): Promise<RawBundle> {
  let bytes: Buffer;
  if (isUrl(source)) bytes = await fetchBytes(source, progress);
  else {
    try {
      bytes = await readFile(source);
    } catch (error) {
      throw new InputError(`${source}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InputError(`${source}: not a valid gzip file (${(error as Error).message})`);
  }
  try {
    return { source, sha256, json: JSON.parse(text) };
  } catch (error) {
    throw new InputError(`${source}: not valid JSON (${(error as Error).message})`);
  }
}
