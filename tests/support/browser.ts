export interface BrowserAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the shop answered
  body: any;
}

export interface BrowserRequest {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body sent as is (malformed JSON, oversized payloads). */
  raw?: string;
}

/** A browser against the shop at `base()`: keeps its cookies between requests, like a real one. */
export function browser(base: () => string) {
  const jar = new Map<string, string>();
  const call = async (path: string, init: BrowserRequest = {}): Promise<BrowserAnswer> => {
    const hasBody = init.body !== undefined || init.raw !== undefined;
    const response = await fetch(`${base()}${path}`, {
      method: init.method ?? (hasBody ? 'POST' : 'GET'),
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...init.headers,
      },
      body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, value] = pair!.split('=');
      if (value) jar.set(name!, value);
      else jar.delete(name!);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
  return Object.assign(call, { jar });
}
