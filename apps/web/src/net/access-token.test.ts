import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../testing/memory-storage.js';
import {
  adoptToken,
  authorizationHeaders,
  invalidTokenReason,
  readStoredToken,
  storeToken,
  studioSocketUrl,
  TOKEN_STORAGE_KEY,
  takeTokenFromAddress,
} from './access-token.js';

/** Creates a history that records the addresses passed to `replaceState`. */
function recordingHistory(): Pick<History, 'state' | 'replaceState'> & { replaced: string[] } {
  const replaced: string[] = [];
  return {
    state: { page: 1 },
    replaced,
    replaceState: (_data, _unused, url) => {
      replaced.push(String(url));
    },
  };
}

describe('takeTokenFromAddress', () => {
  it('splits the token from the address', () => {
    const result = takeTokenFromAddress('http://10.0.0.5:7300/?token=s3cr%2Bt');

    expect(result.token).toBe('s3cr+t');
    expect(result.address).toBe('/');
    expect(result.hadParameter).toBe(true);
  });

  it('keeps other parameters and the fragment', () => {
    const result = takeTokenFromAddress('http://studio.example/editor?view=wide&token=abc&x=1#node-1');

    expect(result.token).toBe('abc');
    expect(result.address).toBe('/editor?view=wide&x=1#node-1');
  });

  it('removes an empty token parameter', () => {
    const result = takeTokenFromAddress('http://127.0.0.1:7300/?token=%20');

    expect(result.token).toBeUndefined();
    expect(result.address).toBe('/');
    expect(result.hadParameter).toBe(true);
  });

  it('leaves an address without a token', () => {
    const result = takeTokenFromAddress('http://127.0.0.1:7300/?view=wide');

    expect(result.token).toBeUndefined();
    expect(result.address).toBe('/?view=wide');
    expect(result.hadParameter).toBe(false);
  });
});

describe('adoptToken', () => {
  it('stores a token from the address and removes it from the address bar', () => {
    const storage = memoryStorage();
    const history = recordingHistory();

    const adopted = adoptToken('http://10.0.0.5:7300/?token=abc#canvas', history, storage);

    expect(adopted).toEqual({ token: 'abc' });
    expect(storage.values.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(history.replaced).toEqual(['/#canvas']);
  });

  it('prefers the address over a stored token', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'old');

    const adopted = adoptToken('http://10.0.0.5:7300/?token=new', recordingHistory(), storage);

    expect(adopted.token).toBe('new');
    expect(storage.values.get(TOKEN_STORAGE_KEY)).toBe('new');
  });

  it('falls back to the stored token', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, 'kept');
    const history = recordingHistory();

    const adopted = adoptToken('http://10.0.0.5:7300/', history, storage);

    expect(adopted).toEqual({ token: 'kept' });
    expect(history.replaced).toEqual([]);
  });

  it('has no token without address or storage', () => {
    expect(adoptToken('http://127.0.0.1:7300/', recordingHistory(), memoryStorage())).toEqual({ token: undefined });
    expect(adoptToken('http://127.0.0.1:7300/', recordingHistory(), undefined)).toEqual({ token: undefined });
  });

  it('reports storage that rejects the token', () => {
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('quota exceeded');
      },
    };
    const history = recordingHistory();

    const adopted = adoptToken('http://10.0.0.5:7300/?token=abc', history, storage);

    expect(adopted).toEqual({ token: 'abc', storageProblem: 'quota exceeded' });
    expect(history.replaced).toEqual(['/']);
  });

  it('reports blocked storage', () => {
    const adopted = adoptToken('http://10.0.0.5:7300/?token=abc', recordingHistory(), undefined);

    expect(adopted.token).toBe('abc');
    expect(adopted.storageProblem).toMatch(/sessionStorage/);
  });
});

describe('token storage', () => {
  it('reads back a stored token', () => {
    const storage = memoryStorage();

    expect(readStoredToken(storage)).toBeUndefined();
    expect(storeToken(storage, 'abc')).toBeUndefined();
    expect(readStoredToken(storage)).toBe('abc');
  });

  it('ignores a blank stored token', () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, '  ');

    expect(readStoredToken(storage)).toBeUndefined();
  });
});

describe('invalidTokenReason', () => {
  it('accepts printable ASCII with surrounding space', () => {
    expect(invalidTokenReason('  a-Z_0.9~+/=  ')).toBeUndefined();
  });

  it('rejects an empty token', () => {
    expect(invalidTokenReason('   ')).toBe('enter the access token');
  });

  it('rejects characters a header cannot carry', () => {
    expect(invalidTokenReason('abc\u00e9')).toMatch(/printable ASCII.*"é"/);
    expect(invalidTokenReason('ab\tc')).toMatch(/printable ASCII/);
  });
});

describe('studioSocketUrl', () => {
  it('uses ws for http and wss for https', () => {
    expect(studioSocketUrl({ protocol: 'http:', host: '127.0.0.1:7300' })).toBe('ws://127.0.0.1:7300/ws');
    expect(studioSocketUrl({ protocol: 'https:', host: 'studio.example' })).toBe('wss://studio.example/ws');
  });

  it('adds the token as an encoded query parameter', () => {
    const url = studioSocketUrl({ protocol: 'http:', host: '10.0.0.5:7300' }, 'a+b/c=&d');

    expect(url).toBe('ws://10.0.0.5:7300/ws?token=a%2Bb%2Fc%3D%26d');
    expect(new URL(url).searchParams.get('token')).toBe('a+b/c=&d');
  });
});

describe('authorizationHeaders', () => {
  it('sends a bearer token', () => {
    expect(authorizationHeaders('abc')).toEqual({ authorization: 'Bearer abc' });
  });

  it('sends nothing without a token', () => {
    expect(authorizationHeaders(undefined)).toEqual({});
  });
});
