/**
 * The one result type of every parser and validator of untrusted input: a value, or a reason it was
 * refused. Validators never throw on bad input; they return `err(...)` with a sentence naming the field.
 */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E = string>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
