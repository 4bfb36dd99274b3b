import type { TypedValues } from './model';

/**
 * Which contact field an input is, from its type, autocomplete token or name. Only these fields are
 * watched for leak detection; everything else the shopper types is ignored.
 */
export function typedFieldOf(target: EventTarget | null): { name: keyof TypedValues; value: string } | undefined {
  const input = target as HTMLInputElement | null;
  if (!input || input.tagName !== 'INPUT' || !input.value) return undefined;
  const hints = `${input.type} ${input.autocomplete} ${input.name} ${input.id}`.toLowerCase();
  let name: keyof TypedValues | undefined;
  if (/\bemail\b|e-mail/.test(hints)) name = 'email';
  else if (/\btel\b|phone|mobile/.test(hints)) name = 'phone';
  else if (/postal|zip|postcode/.test(hints)) name = 'postalCode';
  else if (/\bname\b|given-name|family-name|fullname/.test(hints)) name = 'name';
  return name ? { name, value: input.value.slice(0, 200) } : undefined;
}
