/**
 * Where results are written as they come (Node only): a file, written under a temporary name
 * beside it and renamed into place only when complete (so a run that stops half-way leaves no
 * half-written file, and never a damaged copy of one that was there), or standard output.
 * Writes wait while the destination is full, which holds the whole evaluation back.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export interface Output {
  /** The stream to write to (for writers such as exceljs's that take one). */
  readonly stream: Writable;
  /** Write text or bytes, waiting while the destination is full. */
  write(data: string | Uint8Array): Promise<void>;
  /** Wait until what was written has gone out. */
  drained(): Promise<void>;
  /** Everything is written: close it and, for a file, put it in place. */
  commit(): Promise<void>;
  /** Stop: remove the partial file (a file already at that name is left as it was). */
  abort(): Promise<void>;
}

/** A file at `path`, in place once committed; the message of a failure names the path. */
export function fileOutput(path: string): Output {
  const partial = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const stream = createWriteStream(partial);
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  const check = (): void => {
    if (failure) throw new Error(`Could not write ${path}: ${failure.message}. Nothing was written; choose another --out.`);
  };
  return {
    stream,
    write: async (data) => {
      check();
      if (!stream.write(data)) await drain(stream);
      check();
    },
    drained: async () => {
      if (stream.writableNeedDrain) await drain(stream);
      check();
    },
    commit: async () => {
      check();
      if (!stream.closed) {
        const closed = once(stream, 'close');
        if (!stream.writableEnded) stream.end();
        await closed;
      }
      check();
      await rename(partial, path);
    },
    abort: async () => {
      stream.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** Standard output (or another stream the caller owns, which is never closed). */
export function streamOutput(stream: Writable): Output {
  return {
    stream,
    write: async (data) => {
      if (!stream.write(data)) await drain(stream);
    },
    drained: async () => {
      if (stream.writableNeedDrain) await drain(stream);
    },
    commit: async () => {
      if (stream.writableNeedDrain) await drain(stream);
    },
    abort: async () => {},
  };
}

/** Until the stream can take more (or has failed or closed), its listeners removed after. */
function drain(stream: Writable | WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error): void => {
      stream.off('drain', onDrain).off('close', onDrain).off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    stream.on('drain', onDrain).on('close', onDrain).on('error', done);
  });
}
