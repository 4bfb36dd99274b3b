/**
 * Saves a generated file (an export, a letter) as a download: nothing leaves this computer. Chunks are
 * gathered into a Blob every few megabytes, so the bytes live in the browser's blob store rather than
 * the page's heap; an aborted signal stops reading the source and saves nothing.
 */
const COALESCE_BYTES = 8 * 1024 * 1024;

export async function saveFile(
  name: string,
  type: string,
  chunks: AsyncIterable<string | Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  const encoder = new TextEncoder();
  let blob = new Blob([], { type });
  let parts: Uint8Array[] = [];
  let pending = 0;
  for await (const chunk of chunks) {
    signal?.throwIfAborted();
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    parts.push(bytes);
    pending += bytes.byteLength;
    if (pending >= COALESCE_BYTES) {
      blob = new Blob([blob, ...(parts as BlobPart[])], { type });
      parts = [];
      pending = 0;
    }
  }
  signal?.throwIfAborted();
  blob = new Blob([blob, ...(parts as BlobPart[])], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
