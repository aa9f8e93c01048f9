import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = `
:root{--ink:#1d2433;--muted:#5b6478;--line:#dde1ea;--accent:#2f5bd3;--bad:#b00020;--good:#1b7f3b;--bg:#f7f8fb}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:.75rem 1.5rem;display:flex;gap:1.5rem;align-items:baseline}
header strong{font-size:1.15rem}header nav a{margin-right:1rem;color:var(--accent);text-decoration:none}
main{padding:1.5rem;max-width:72rem;margin:0 auto}h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line)}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.85rem;text-transform:uppercase;letter-spacing:.03em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.75rem}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.75rem}.card b{display:block;font-size:1.6rem}
.ok{color:var(--good)}.bad{color:var(--bad)}.muted{color:var(--muted)}code,pre{font:13px ui-monospace,Menlo,monospace}
pre{white-space:pre-wrap;background:#fff;border:1px solid var(--line);padding:.5rem;max-height:16rem;overflow:auto}
button{font:inherit;padding:.45rem .9rem;border-radius:5px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}input,select,textarea{font:inherit;padding:.3rem .4rem}
.pill{display:inline-block;padding:0 .5rem;border-radius:1rem;background:#eef1f8;font-size:.85rem}
`;

export function page(title: string, body: Html | Html[]): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} — Quarry</title><style>${raw(STYLE)}</style></head>
<body><header><strong>Quarry</strong><nav><a href="/">Dashboard</a><a href="/clusters">Clusters</a><a href="/schemas">Schemas</a><a href="/alerts">Alerts</a><a href="/traces">Traces</a></nav></header>
<main>${body}</main></body></html>`;
}

export function when(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString().replace('T', ' ').slice(0, 19);
}

export function short(value: unknown, max = 160): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
