import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeLeak, prepareTypedValues } from '../../../utils/leaks';
import { emailVariants, nameVariants, phoneVariants, postalCodeVariants } from '../../../utils/leaks/normalise';
import { parseRequest } from '../../../utils/wire/parsed-request';
import { createClassifier } from '../../../utils/classify';
import type { RequestRecord } from '../../../utils/model';

const hex = (algo: string, text: string) => createHash(algo).update(text).digest('hex');
const req = (url: string, requestBody?: string) =>
  parseRequest({ url, method: requestBody ? 'POST' : 'GET', type: 'xmlhttprequest', requestBody })!;
const typed = {
  email: ' Jane.Doe+shop@GMail.com ',
  phone: '+49 (030) 1234-5678',
  name: 'Jane Doe',
  postalCode: 'SW1A 1AA',
};

describe('normalisations', () => {
  it('emails: trimmed, lower-cased, with and without +tag, gmail without dots', () => {
    const texts = emailVariants(typed.email).map((v) => v.text);
    expect(texts).toContain('jane.doe+shop@gmail.com');
    expect(texts).toContain('jane.doe@gmail.com');
    expect(texts).toContain('janedoe@gmail.com');
  });

  it('phones: digits, E.164 with and without +, national numbers with a country code option', () => {
    expect(phoneVariants('+49 30 1234 5678').map((v) => v.text)).toEqual(
      expect.arrayContaining(['493012345678', '+493012345678']),
    );
    expect(phoneVariants('030 1234 5678', { phoneCountryCode: '49' }).map((v) => v.text)).toEqual(
      expect.arrayContaining(['493012345678', '+493012345678']),
    );
    expect(phoneVariants('(555) 123-4567').map((v) => v.text)).toEqual(
      expect.arrayContaining(['5551234567', '15551234567', '+15551234567']),
    );
    expect(phoneVariants('12')).toEqual([]);
  });

  it('names and postal codes: lower case, tokens, no spaces', () => {
    expect(nameVariants(' Jane  Doe ').map((v) => v.text)).toEqual(
      expect.arrayContaining(['jane doe', 'janedoe', 'jane', 'doe']),
    );
    expect(postalCodeVariants('SW1A 1AA').map((v) => v.text)).toEqual(expect.arrayContaining(['sw1a 1aa', 'sw1a1aa']));
    expect(postalCodeVariants('10001-1234').map((v) => v.text)).toContain('10001');
  });
});

describe('prepareTypedValues', () => {
  const matcher = prepareTypedValues(typed, { phoneCountryCode: '49' });

  it('finds SHA-256, SHA-1 and MD5 of the normalised email', () => {
    for (const algo of ['sha256', 'sha1', 'md5'] as const) {
      const leaks = matcher.find(req(`https://px.example/p?h=${hex(algo, 'jane.doe+shop@gmail.com')}`));
      expect(leaks).toEqual([{ field: 'email', category: 'contact', encoding: algo, where: 'url', key: 'h' }]);
    }
  });

  it('finds an upper-case hash and the gmail-normalised form', () => {
    const leaks = matcher.find(req(`https://px.example/p?x=${hex('sha256', 'janedoe@gmail.com').toUpperCase()}`));
    expect(leaks.map((l) => l.encoding)).toEqual(['sha256']);
  });

  it('finds the E.164 phone hashed in a JSON body', () => {
    const body = JSON.stringify({ user: { ph: hex('sha256', '493012345678') } });
    expect(matcher.find(req('https://api.example/e', body))).toEqual([
      { field: 'phone', category: 'contact', encoding: 'sha256', where: 'body', key: 'body' },
    ]);
  });

  it('finds the email URL-encoded, plain and base64 inside a larger payload', () => {
    expect(matcher.find(req('https://x.example/?u=jane.doe%2Bshop%40gmail.com')).map((l) => l.encoding)).toEqual([
      'url-encoded',
    ]);
    expect(
      matcher.find(req('https://x.example/c', '{"contact":"Jane.Doe+shop@gmail.com"}')).map((l) => l.encoding),
    ).toEqual(['plain']);
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const payload = Buffer.from(`${prefix}{"e":"jane.doe+shop@gmail.com","t":1}`).toString('base64');
      expect(
        matcher.find(req(`https://x.example/b?d=${encodeURIComponent(payload)}`)).map((l) => l.encoding),
      ).toContain('base64');
    }
  });

  it('finds a postal code without its space, on token boundaries only', () => {
    expect(matcher.find(req('https://x.example/stores?near=sw1a1aa')).map((l) => l.field)).toEqual(['postalCode']);
    expect(matcher.find(req('https://x.example/stores?id=xsw1a1aay'))).toEqual([]);
  });

  it('does not report a name that is only part of the email address', () => {
    const only = prepareTypedValues({ name: 'Jane Doe', email: 'jane.doe@example.com' });
    expect(only.find(req('https://x.example/?v=jane.doe%40example.com')).map((l) => l.field)).toEqual(['email']);
    expect(only.find(req('https://x.example/?customer=Jane+Doe')).map((l) => l.field)).toEqual(['name']);
  });

  it('does not match unrelated hashes or an empty typed set', () => {
    expect(matcher.find(req(`https://x.example/?h=${hex('sha256', 'someone.else@example.com')}`))).toEqual([]);
    expect(prepareTypedValues({}).find(req('https://x.example/?email=jane@x.com'))).toEqual([]);
    expect(prepareTypedValues(undefined).fields).toEqual([]);
  });

  it('describes a leak without the value', () => {
    expect(describeLeak({ field: 'email', category: 'contact', encoding: 'sha256', where: 'url', key: 'h' })).toBe(
      'typed email, SHA-256 hashed',
    );
  });
});

describe('classifier integration', () => {
  const classify = createClassifier({ phoneCountryCode: '49' });
  const record = (url: string): RequestRecord => ({
    url,
    method: 'GET',
    type: 'image',
    documentUrl: 'https://www.shop.example/checkout',
    typed,
  });

  it('adds contact evidence with a redacted sample and drops typed from the output', () => {
    const hash = hex('sha256', 'jane.doe+shop@gmail.com');
    const out = classify(record(`https://px.unknown.example/i?a=${hash}`));
    expect(out.categories).toEqual(['contact']);
    expect(out.evidence).toEqual([
      { category: 'contact', where: 'url', key: 'a', sample: 'typed email, SHA-256 hashed', source: 'leak' },
    ]);
    expect(out).not.toHaveProperty('typed');
    expect(JSON.stringify(out.evidence)).not.toContain(hash.slice(0, 8));
  });

  it('reuses the prepared matcher for the same typed set (cache)', () => {
    const start = performance.now();
    for (let i = 0; i < 200; i++) classify(record(`https://px.unknown.example/i?n=${i}`));
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
