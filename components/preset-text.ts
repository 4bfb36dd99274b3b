import type { PresetId } from '../utils/consent/presets';
import { uiMessage, type MessageKey } from './i18n';

/** Each preset's name and description in public/_locales (utils/consent/presets.ts keeps the English). */
const PRESET_MESSAGES: Record<PresetId, { name: MessageKey; description: MessageKey }> = {
  'only-needed': { name: 'preset_onlyNeeded_name', description: 'preset_onlyNeeded_description' },
  'revoke-all': { name: 'preset_revokeAll_name', description: 'preset_revokeAll_description' },
  'allow-all': { name: 'preset_allowAll_name', description: 'preset_allowAll_description' },
};

export function presetName(id: PresetId): string {
  return uiMessage(PRESET_MESSAGES[id].name);
}

export function presetDescription(id: PresetId): string {
  return uiMessage(PRESET_MESSAGES[id].description);
}
