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

/** Every form on the page: `{method, action, fields, buttons: [{name, value, label}]}`. Ticks its checkboxes. */
export function forms(html, pageUrl) {
  return [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attrs, body]) => ({
    method: (attrs.match(/method="([^"]*)"/)?.[1] ?? 'get').toLowerCase(),
    action: new URL(decode(attrs.match(/action="([^"]*)"/)?.[1] ?? ''), pageUrl).href,
    fields: [...body.matchAll(/<input([^>]*)>/g)]
      .map(([, a]) => ({ type: a.match(/type="([^"]*)"/)?.[1], name: a.match(/name="([^"]*)"/)?.[1], value: a.match(/value="([^"]*)"/)?.[1] ?? '' }))
      .filter((f) => f.name && ['hidden', 'checkbox', 'number', 'text'].includes(f.type))
      .map((f) => [f.name, decode(f.value)]),
    buttons: [...body.matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)].map(([, a, label]) => ({
      name: a.match(/name="([^"]*)"/)?.[1],
      value: a.match(/value="([^"]*)"/)?.[1],
      label: decode(label.replace(/<[^>]+>/g, '').trim()),
    })),
  }));
}

const matches = (want, label) => (want instanceof RegExp ? want.test(label) : want === label);

/** The labels of every button on the page at `url`. */
export async function buttons(url) {
  return forms(await open(url), url).flatMap((f) => f.buttons.map((b) => b.label));
}

/**
 * Presses the first button whose label is `label` (string or RegExp) on the page at `url`,
 * as a person would (ticking the form's boxes); follows redirects; returns the final answer.
 */
export async function press(url, label) {
  const html = await open(url);
  for (const form of forms(html, url)) {
    const button = form.buttons.find((b) => matches(label, b.label));
    if (!button) continue;
    assertLoopback(form.action);
    const body = new URLSearchParams(form.fields);
    if (button.name) body.append(button.name, button.value ?? '');
    const response = form.method === 'post'
      ? await fetch(form.action, { method: 'POST', body, redirect: 'follow' })
      : await fetch(`${form.action}?${body}`, { redirect: 'follow' });
    return { status: response.status, url: response.url, text: await response.text() };
  }
  throw new Error(`no button "${label}" on ${url}`);
}

/** Submits `fields` to the form at `action` (POST), as typing into a page's boxes and pressing its button. */
export async function submit(action, fields) {
  assertLoopback(action);
  const response = await fetch(action, { method: 'POST', body: new URLSearchParams(fields), redirect: 'follow' });
  return { status: response.status, url: response.url, text: await response.text() };
}
