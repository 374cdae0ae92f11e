/**
 * The person's web browser, for pages the app sends them to on the practice tenant (sign-in,
 * practice admin center): read the page's form and press one of its buttons, as a person would.
 * Only loopback addresses are ever fetched.
 * @module
 */

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function assertLoopback(url) {
  const { hostname } = new URL(url);
  if (hostname !== '127.0.0.1' && hostname !== 'localhost') throw new Error(`not a loopback address: ${url}`);
}

/** Fetches `url` and returns its HTML. */
export async function open(url) {
  assertLoopback(url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** Every form on the page: `{action, fields, buttons: [{name, value, label}]}`. */
export function forms(html, pageUrl) {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].map(([, action, body]) => ({
    action: new URL(decode(action), pageUrl).href,
    fields: [...body.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>/g)].map(([, n, v]) => [n, decode(v)]),
    buttons: [...body.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)].map(([, attrs, label]) => ({
      name: attrs.match(/name="([^"]*)"/)?.[1],
      value: attrs.match(/value="([^"]*)"/)?.[1],
      label: label.replace(/<[^>]+>/g, '').trim(),
    })),
  }));
}

/** Presses the button labelled `label` on the page at `url`; follows redirects; returns the final response text. */
export async function press(url, label) {
  const html = await open(url);
  for (const form of forms(html, url)) {
    const button = form.buttons.find((b) => b.label === label);
    if (!button) continue;
    assertLoopback(form.action);
    const body = new URLSearchParams(form.fields);
    if (button.name) body.append(button.name, button.value ?? '');
    const response = await fetch(form.action, { method: 'POST', body, redirect: 'follow' });
    return { status: response.status, url: response.url, text: await response.text() };
  }
  throw new Error(`no button "${label}" on ${url}`);
}
