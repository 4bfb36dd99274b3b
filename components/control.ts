import { browser } from 'wxt/browser';
import type { ControlMessage } from '../utils/messages';

/** Sends a change to the worker, which validates, stores and enforces it. */
export async function sendControl(
  message: ControlMessage,
): Promise<{ ok: boolean; error?: string; [key: string]: unknown }> {
  const reply = (await browser.runtime.sendMessage(message)) as { ok: boolean; error?: string } | undefined;
  return reply ?? { ok: false, error: 'the background worker did not answer' };
}
