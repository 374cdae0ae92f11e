/**
 * A minimal W3C WebDriver client over one keep-alive HTTP connection.
 *
 * Why not fetch or Selenium: tauri-driver 2.1 drops requests that carry `Connection: close`
 * (see docs in shared stack notes), and we want no npm dependencies in the harness. One
 * `http.Agent` with `keepAlive` and a single socket sends every command on the same
 * connection, in order, the way WebDriver expects.
 *
 * @module
 */
import http from 'node:http';

/** The key WebDriver uses to mark an element reference in JSON. */
export const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** An error answered by the WebDriver server: `error` is the W3C code, e.g. "no such element". */
export class WebDriverError extends Error {
  /**
   * @param {string} error W3C error code
   * @param {string} message server's message
   * @param {string} command "METHOD /path" that failed
   */
  constructor(error, message, command) {
    super(`${command}: ${error}: ${message}`);
    this.name = 'WebDriverError';
    this.error = error;
  }
}

/** Talks to one WebDriver server (tauri-driver) at `http://127.0.0.1:port`. */
export class WebDriverClient {
  /** @param {number} port */
  constructor(port) {
    this.port = port;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /**
   * Sends one command and returns its `value`.
   * @param {'GET'|'POST'|'DELETE'} method
   * @param {string} path e.g. `/session/abc/url`
   * @param {object} [body] JSON body (POST always sends one: `{}` by default)
   * @param {number} [timeoutMs] fail when no answer comes in this time
   * @returns {Promise<any>}
   */
  command(method, path, body, timeoutMs = 60_000) {
    const payload = method === 'POST' ? JSON.stringify(body ?? {}) : undefined;
    const label = `${method} ${path}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method,
          agent: this.agent,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            Connection: 'keep-alive',
            ...(payload ? { 'Content-Length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json;
            try {
              json = text ? JSON.parse(text) : {};
            } catch {
              reject(new WebDriverError('invalid response', `HTTP ${res.statusCode}: ${text.slice(0, 300)}`, label));
              return;
            }
            const value = json.value;
            if (res.statusCode >= 400 || (value && typeof value === 'object' && 'error' in value && value.error)) {
              reject(new WebDriverError(value?.error ?? `HTTP ${res.statusCode}`, value?.message ?? text, label));
              return;
            }
            resolve(value);
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`${label}: no answer in ${timeoutMs} ms`)));
      req.on('error', (err) => reject(new Error(`${label}: ${err.message}`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Closes the kept-alive connection. */
  close() {
    this.agent.destroy();
  }
}
