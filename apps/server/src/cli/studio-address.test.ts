import { describe, expect, it } from 'vitest';

import { addressMessage, studioAddresses } from './studio-address.js';

describe('studioAddresses', () => {
  it('uses the listen address', () => {
    expect(studioAddresses('10.0.0.5', 7300, 'abc', 'lab-1')).toEqual(['http://10.0.0.5:7300/?token=abc']);
  });

  it('lists machine name and loopback for a wildcard address', () => {
    expect(studioAddresses('0.0.0.0', 7300, 'abc', 'lab-1')).toEqual([
      'http://lab-1:7300/?token=abc',
      'http://127.0.0.1:7300/?token=abc',
    ]);
    expect(studioAddresses('::', 80, 'abc', 'lab-1')).toEqual([
      'http://lab-1:80/?token=abc',
      'http://127.0.0.1:80/?token=abc',
    ]);
  });

  it('brackets an IPv6 address', () => {
    expect(studioAddresses('fd00::5', 7300, 'abc', 'lab-1')).toEqual(['http://[fd00::5]:7300/?token=abc']);
  });

  it('encodes the token', () => {
    const [address] = studioAddresses('127.0.0.1', 7300, 'a+b/c&d=e f', 'lab-1');

    expect(address).toBe('http://127.0.0.1:7300/?token=a%2Bb%2Fc%26d%3De%20f');
    expect(new URL(address ?? '').searchParams.get('token')).toBe('a+b/c&d=e f');
  });
});

describe('addressMessage', () => {
  it('puts each address on its own line', () => {
    const message = addressMessage(['http://lab-1:7300/?token=abc', 'http://127.0.0.1:7300/?token=abc'], true);

    expect(message).toBe(
      'The studio requires an access token. Open it in a browser at:\n' +
        '    http://lab-1:7300/?token=abc\n' +
        '    http://127.0.0.1:7300/?token=abc\n',
    );
  });

  it('gives the plain address without a token', () => {
    const addresses = studioAddresses('127.0.0.1', 7300, undefined, 'lab-1');

    expect(addressMessage(addresses, false)).toBe('Open the studio at:\n    http://127.0.0.1:7300/\n');
  });
});
