import { sendMessage } from '../utils/platform';
import type { ControlMessageType, Message, Reply } from '../utils/messages';

/** Sends a change to the worker, which validates, stores and enforces it. */
export function sendControl<K extends ControlMessageType>(message: Message<K>): Promise<Reply<K>> {
  return sendMessage(message);
}
