//! The shared look of every practice page: plain server-rendered HTML forms, a strict,
//! accessible style (labels, visible focus, high contrast), no scripts.

use axum::response::Html;

/// Escapes text for HTML bodies and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;background:#f5f5f5;color:#1b1b1b;line-height:1.5}
header{background:#1b1b1b;color:#fff;padding:.75rem 1.5rem;font-weight:600}
header small{font-weight:400;margin-left:.75rem;color:#e0e0e0}
main{max-width:52rem;margin:1.5rem auto;background:#fff;padding:1.5rem 2rem;border:1px solid #d0d0d0}
h1{font-size:1.5rem;margin-top:0}
table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #d0d0d0;vertical-align:top}
button{font:inherit;padding:.5rem 1.25rem;margin:.25rem .5rem .25rem 0;border:2px solid #0f5fb8;background:#0f5fb8;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0f5fb8}
button.danger{background:#b3261e;border-color:#b3261e}
button:focus,input:focus,select:focus,a:focus{outline:3px solid #ffb900;outline-offset:2px}
input,select{font:inherit;padding:.4rem;border:1px solid #6b6b6b}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.notice{padding:.75rem 1rem;border-left:4px solid #0f5fb8;background:#eef4fb;margin:1rem 0}
.error{padding:.75rem 1rem;border-left:4px solid #b3261e;background:#fbeeee;margin:1rem 0}
.ok{padding:.75rem 1rem;border-left:4px solid #107c10;background:#eef7ee;margin:1rem 0}
.practice{font-size:.85rem;color:#4a4a4a}
";

/// A full page. `area` names the practice site (e.g. "Practice admin center").
pub fn page(area: &str, title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>{title} - {area}</title><style>{STYLE}</style></head><body>\
<header role=\"banner\">{area}<small>Practice only: nothing here touches a real Microsoft account</small></header>\
<main id=\"main\"><h1>{title}</h1>{body}</main></body></html>",
        title = esc(title),
        area = esc(area),
    ))
}

/// A notice box: `kind` is `notice`, `error` or `ok`.
pub fn boxed(kind: &str, text_html: &str) -> String {
    let role = if kind == "error" { "alert" } else { "status" };
    format!("<div class=\"{kind}\" role=\"{role}\">{text_html}</div>")
}
