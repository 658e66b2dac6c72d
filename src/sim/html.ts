/** Minimal HTML for the simulator's pages (login, consent, signing). Every value is escaped. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export interface Html {
  readonly html: string;
}

export function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[])[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const text = Array.isArray(value)
      ? value.map((v) => v.html).join('')
      : typeof value === 'object'
        ? value.html
        : escapeHtml(String(value));
    out += text + (strings[i + 1] ?? '');
  });
  return { html: out };
}

export function page(title: string, body: Html): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;font-size:1rem}
button{margin:1rem .5rem 0 0;padding:.5rem 1rem;font-size:1rem}.error{color:#b00020}.banner{font-size:.8rem;color:#666}</style>
</head><body><p class="banner">DocuSign simulator (SignBridge tests and demo)</p>${body.html}</body></html>`;
}

/** The fields of a posted form; empty when the body is not a form. */
export async function readForm(req: { parseBody(): Promise<Record<string, unknown>> }): Promise<Record<string, unknown>> {
  try {
    return await req.parseBody();
  } catch {
    return {};
  }
}
