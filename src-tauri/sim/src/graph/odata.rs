//! OData query options as Microsoft Graph applies them to directory collections:
//! `$select`, `$top` (1..999, default 100), `$filter`, `$count` with `ConsistencyLevel:
//! eventual`, and paging through an opaque `$skiptoken` in `@odata.nextLink`.

use super::filter::{self, Expr};
use super::reply::{bad_request, unsupported_query, Reply};
use super::Request;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

pub const MAX_TOP: usize = 999;
pub const DEFAULT_TOP: usize = 100;

#[derive(Debug, Default)]
pub struct Query {
    pub select: Option<Vec<String>>,
    pub top: Option<usize>,
    pub filter: Option<Expr>,
    pub count: bool,
    pub skiptoken: Option<String>,
}

/// How a collection may be filtered: allowed properties, and which make a query "advanced".
pub struct Filterable {
    pub type_name: &'static str,
    pub props: &'static [&'static str],
    pub advanced: &'static [&'static str],
}

impl Request {
    /// A query option by name, with or without the `$`, case-insensitive.
    pub fn option(&self, name: &str) -> Option<&str> {
        let bare = name.trim_start_matches('$');
        self.query
            .iter()
            .find(|(k, _)| k.trim_start_matches('$').eq_ignore_ascii_case(bare))
            .map(|(_, v)| v.as_str())
    }

    pub fn eventual(&self) -> bool {
        self.headers
            .get("consistencylevel")
            .is_some_and(|v| v.eq_ignore_ascii_case("eventual"))
    }
}

pub fn parse(req: &Request, filterable: &Filterable) -> Result<Query, Reply> {
    let mut q = Query {
        skiptoken: req.option("$skiptoken").map(str::to_string),
        ..Query::default()
    };
    if let Some(sel) = req.option("$select") {
        q.select = Some(
            sel.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        );
    }
    if let Some(top) = req.option("$top") {
        match top.parse::<usize>() {
            Ok(n) if (1..=MAX_TOP).contains(&n) => q.top = Some(n),
            _ => {
                return Err(bad_request(format!(
                    "Invalid page size specified: '{top}'. Must be between 1 and 999 inclusive."
                )))
            }
        }
    }
    q.count = req
        .option("$count")
        .is_some_and(|c| c.eq_ignore_ascii_case("true"));
    if q.count && !req.eventual() {
        return Err(bad_request("$count is not currently supported."));
    }
    if let Some(text) = req.option("$filter") {
        let expr =
            filter::parse(text).map_err(|e| bad_request(format!("Invalid filter clause: {e}")))?;
        for prop in expr.properties() {
            if !filterable
                .props
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&prop))
            {
                return Err(Reply::error(400, "BadRequest", format!("Invalid filter clause: Could not find a property named '{prop}' on type '{}'.", filterable.type_name)));
            }
        }
        if expr.is_advanced(filterable.advanced) && !(req.eventual() && q.count) {
            let prop = expr.properties().into_iter().next().unwrap_or_default();
            return Err(unsupported_query(format!("Unsupported or invalid query filter clause specified for property '{prop}' of resource '{}'.", filterable.type_name.trim_start_matches("microsoft.graph."))));
        }
        q.filter = Some(expr);
    }
    Ok(q)
}

/// Keeps only the selected properties (or the resource's default set).
pub fn project(obj: &Map<String, Value>, select: Option<&[String]>, defaults: &[&str]) -> Value {
    let mut out = Map::new();
    let wanted: Vec<&str> = match select {
        Some(sel) => sel.iter().map(String::as_str).collect(),
        None => defaults.to_vec(),
    };
    for name in wanted {
        if let Some((k, v)) = obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            out.insert(k.clone(), v.clone());
        }
    }
    if let Some(t) = obj.get("@odata.type") {
        out.insert("@odata.type".into(), t.clone());
    }
    Value::Object(out)
}

/// A small, unpaged collection (organization, domains, SKUs, roles...) with `$select` applied.
pub fn listed(ctx: &super::Ctx, context: &str, values: Vec<Value>) -> Result<Reply, Reply> {
    let select: Option<Vec<String>> = ctx.req.option("$select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    });
    let (values, context) = match &select {
        Some(sel) => (
            values
                .iter()
                .map(|v| project(v.as_object().unwrap_or(&Map::new()), Some(sel), &[]))
                .collect(),
            format!("{context}({})", sel.join(",")),
        ),
        None => (values, context.to_string()),
    };
    Ok(Reply::ok(
        json!({"@odata.context": ctx.context(&context), "value": values}),
    ))
}

/// A collection answer: applies the request's OData options to `items` (paging key, object)
/// given in paging order. Objects become JSON only when a filter, count or page needs them.
pub fn collection<T>(
    ctx: &super::Ctx,
    filterable: &Filterable,
    context: &str,
    defaults: &[&str],
    items: &std::collections::BTreeMap<String, T>,
    to_json: impl Fn(&T) -> Map<String, Value>,
) -> Result<Reply, Reply> {
    let q = parse(ctx.req, filterable)?;
    let items: Vec<(&str, &T)> = items.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let page = Page {
        req: ctx.req,
        base: ctx.base,
        context,
        defaults,
    };
    page.reply(&q, items, to_json)
}

struct Page<'a> {
    req: &'a Request,
    base: &'a str,
    context: &'a str,
    defaults: &'a [&'a str],
}

impl Page<'_> {
    fn reply<T>(
        &self,
        q: &Query,
        items: Vec<(&str, &T)>,
        to_json: impl Fn(&T) -> Map<String, Value>,
    ) -> Result<Reply, Reply> {
        let wanted = |o: &Map<String, Value>| q.filter.as_ref().is_none_or(|f| f.matches(o));
        let after = match &q.skiptoken {
            Some(tok) => Some(decode_token(tok).ok_or_else(|| {
                bad_request("The specified page token value has expired and can no longer be included in your request.")
            })?),
            None => None,
        };
        let top = q.top.unwrap_or(DEFAULT_TOP);
        let mut page = Vec::new();
        let mut last_key = None;
        let mut more = false;
        for (key, item) in items
            .iter()
            .filter(|(k, _)| after.as_deref().is_none_or(|a| *k > a))
        {
            let obj = to_json(item);
            if !wanted(&obj) {
                continue;
            }
            if page.len() == top {
                more = true;
                break;
            }
            page.push(project(&obj, q.select.as_deref(), self.defaults));
            last_key = Some(*key);
        }
        let mut body = Map::new();
        let context = match &q.select {
            Some(sel) => format!(
                "{}/{}/$metadata#{}({})",
                self.base,
                self.req.version,
                self.context,
                sel.join(",")
            ),
            None => format!(
                "{}/{}/$metadata#{}",
                self.base, self.req.version, self.context
            ),
        };
        body.insert("@odata.context".into(), json!(context));
        if q.count {
            let total = items
                .iter()
                .filter(|(_, item)| wanted(&to_json(item)))
                .count();
            body.insert("@odata.count".into(), json!(total));
        }
        if let (true, Some(last)) = (more, last_key) {
            body.insert("@odata.nextLink".into(), json!(self.next_link(last)));
        }
        body.insert("value".into(), Value::Array(page));
        Ok(Reply::ok(Value::Object(body)))
    }

    fn next_link(&self, last_key: &str) -> String {
        let token = URL_SAFE_NO_PAD.encode(format!("RFNwdAIAAQAAA|{last_key}"));
        let mut ser = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self
            .req
            .query
            .iter()
            .filter(|(k, _)| !k.trim_start_matches('$').eq_ignore_ascii_case("skiptoken"))
        {
            ser.append_pair(k, v);
        }
        ser.append_pair("$skiptoken", &token);
        // Microsoft writes the system query options' `$` and the commas of `$select` as they
        // are (`?$select=id,displayName&$top=999&$skiptoken=...`), not percent-encoded.
        let query = ser.finish().replace("%24", "$").replace("%2C", ",");
        format!(
            "{}/{}{}?{}",
            self.base, self.req.version, self.req.path, query
        )
    }
}

fn decode_token(token: &str) -> Option<String> {
    let raw = URL_SAFE_NO_PAD.decode(token).ok()?;
    let text = String::from_utf8(raw).ok()?;
    text.split_once('|').map(|(_, k)| k.to_string())
}
