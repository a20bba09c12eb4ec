/**
 * The sessionStorage key of the access token. sessionStorage keeps the token for the tab, so a reload
 * still sends it, and closing the tab deletes it.
 */
export const TOKEN_STORAGE_KEY = 'circuit-studio:access-token';

/** The query parameter that carries the token in the address the server prints, as in `/?token=TOKEN`. */
export const TOKEN_QUERY_PARAMETER = 'token';

/** A page address split into the token it carried and the same address without it. */
export interface AddressToken {
  /** The token, or undefined when the address has none or an empty one. */
  token: string | undefined;
  /** The address without the token parameter: path, remaining query and fragment, for `history.replaceState`. */
  address: string;
  /** Whether the address had a token parameter, even an empty one, that should leave the address bar. */
  hadParameter: boolean;
}

/** Splits a page address into its `token` query parameter and the address without that parameter. */
export function takeTokenFromAddress(href: string): AddressToken {
  const url = new URL(href);
  const hadParameter = url.searchParams.has(TOKEN_QUERY_PARAMETER);
  const token = normalizeToken(url.searchParams.get(TOKEN_QUERY_PARAMETER) ?? '');
  url.searchParams.delete(TOKEN_QUERY_PARAMETER);
  return { token, address: `${url.pathname}${url.search}${url.hash}`, hadParameter };
}

/** Returns the token without surrounding white space, or undefined when nothing is left. */
export function normalizeToken(text: string): string | undefined {
  const token = text.trim();
  return token === '' ? undefined : token;
}

/**
 * Returns why a token cannot be sent, or undefined when it can. Browsers send the token in an HTTP
 * header, which takes printable ASCII only.
 */
export function invalidTokenReason(text: string): string | undefined {
  const token = normalizeToken(text);
  if (token === undefined) return 'enter the access token';
  const bad = [...token].find((character) => character < ' ' || character > '~');
  if (bad !== undefined) {
    return `an access token contains printable ASCII characters only, and this one contains ${JSON.stringify(bad)}`;
  }
  return undefined;
}

/** Returns the stored token, or undefined when there is none. */
export function readStoredToken(storage: Pick<Storage, 'getItem'>): string | undefined {
  return normalizeToken(storage.getItem(TOKEN_STORAGE_KEY) ?? '');
}

/** Stores the token; returns the reason when the browser rejects it, such as storage disabled by policy. */
export function storeToken(storage: Pick<Storage, 'setItem'>, token: string): string | undefined {
  try {
    storage.setItem(TOKEN_STORAGE_KEY, token);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The token a page starts with, and the reason it could not be stored for the tab, if it could not. */
export interface AdoptedToken {
  token: string | undefined;
  storageProblem?: string;
}

/**
 * Takes the token from the page address when it has one: stores it for the tab and removes it from
 * the address bar, so that a copied link, a bookmark or the history does not contain it. Without a
 * token in the address, returns the stored one. `storage` is undefined when the browser blocks it.
 */
export function adoptToken(
  href: string,
  history: Pick<History, 'state' | 'replaceState'>,
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined,
): AdoptedToken {
  const fromAddress = takeTokenFromAddress(href);
  if (fromAddress.hadParameter) history.replaceState(history.state, '', fromAddress.address);

  if (fromAddress.token === undefined) {
    return { token: storage ? readStoredToken(storage) : undefined };
  }
  if (!storage) {
    return { token: fromAddress.token, storageProblem: 'the browser does not allow this page to use sessionStorage' };
  }
  const storageProblem = storeToken(storage, fromAddress.token);
  return storageProblem === undefined ? { token: fromAddress.token } : { token: fromAddress.token, storageProblem };
}

/** Returns the WebSocket address of the studio server that served this page, with the token when there is one. */
export function studioSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token?: string): string {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  // Browsers cannot set headers on a WebSocket, so the server also takes the token as a query parameter.
  return token === undefined ? base : `${base}?${TOKEN_QUERY_PARAMETER}=${encodeURIComponent(token)}`;
}

/** Returns the headers that present the token to the REST API, or none without a token. */
export function authorizationHeaders(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { authorization: `Bearer ${token}` };
}
