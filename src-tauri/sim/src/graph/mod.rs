//! Microsoft Graph (`/v1.0/...`, `/beta/...`): one entry point that authenticates, applies
//! faults and throttling, routes by template and writes Microsoft's response shapes.
//! Resource modules own their routes; `$batch` re-enters [`execute`] per item.

mod apps;
mod batch;
mod deleted;
mod directory;
mod dns_records;
mod drive;
mod filter;
mod groups;
mod http;
mod licensing;
mod mail;
mod odata;
#[rustfmt::skip]
mod perms;
mod policies;
mod reply;
mod reports;
mod roles;
mod sites;
mod users;

use crate::app::SimState;
use crate::auth::store::AccessGrant;
use crate::state::users::User;
use crate::state::World;
use crate::stats::Deletion;
use crate::throttle::{retry_after_value, Service, Verdict};
use reply::{denied, Out, Reply};
use serde_json::Value;
use std::collections::HashMap;
use time::OffsetDateTime;

pub use http::routes;

/// A parsed Graph request (from HTTP or from one `$batch` item).
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// `v1.0` or `beta`.
    pub version: &'static str,
    /// Path after the version, e.g. `/users/123`.
    pub path: String,
    pub segments: Vec<String>,
    pub query: Vec<(String, String)>,
    /// Lower-case header names.
    pub headers: HashMap<String, String>,
    pub body: Option<Value>,
}

impl Request {
    /// Builds a request from its parts; `path` is after the version, `query` undecoded.
    pub fn new(
        method: &str,
        version: &'static str,
        path: &str,
        query: &str,
        headers: HashMap<String, String>,
        body: Option<Value>,
    ) -> Request {
        let path = format!("/{}", path.trim_start_matches('/'));
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let query = url::form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Request {
            method: method.to_ascii_uppercase(),
            version,
            path,
            segments,
            query,
            headers,
            body,
        }
    }
}

/// What a handler sees: the locked world, the caller and the captured path parameters.
pub struct Ctx<'a> {
    pub w: &'a mut World,
    pub now: OffsetDateTime,
    pub base: &'a str,
    pub req: &'a Request,
    pub grant: &'a AccessGrant,
    pub params: Vec<String>,
    /// Successful deletions, copied into the stats after the handler returns.
    pub log: Vec<Deletion>,
}

impl Ctx<'_> {
    pub fn deleted(&mut self, kind: &str, id: &str, name: &str) {
        tracing::info!(kind, id, name, "deleted");
        self.log.push(Deletion {
            kind: kind.into(),
            id: id.into(),
            name: name.into(),
            at: crate::clock::iso(self.now),
        });
    }

    pub fn caller(&self) -> Option<&User> {
        self.w.tenant.users.get(&self.grant.user_id)
    }

    /// 403 unless the signed-in user holds one of the roles (Global Administrator always does).
    pub fn require_role(&self, roles: &[&str]) -> Result<(), Reply> {
        match self.caller() {
            Some(u) if u.has_any_role(roles) => Ok(()),
            _ => Err(denied()),
        }
    }

    pub fn param(&self, i: usize) -> &str {
        self.params.get(i).map(String::as_str).unwrap_or_default()
    }

    pub fn body_field(&self, name: &str) -> Option<&Value> {
        self.req.body.as_ref().and_then(|b| b.get(name))
    }

    pub fn context(&self, fragment: &str) -> String {
        format!("{}/{}/$metadata#{fragment}", self.base, self.req.version)
    }
}

pub type Handler = fn(&mut Ctx) -> Out;

pub struct Route {
    pub method: &'static str,
    /// Path after the version; `{x}` captures a segment, also inside `name(period='{p}')`.
    pub template: &'static str,
    /// Resource units for a GET (writes cost 1 RU + 1 write).
    pub cost: u32,
    pub service: Service,
    pub beta_only: bool,
    /// The delegated permissions that allow the call (any one of them).
    pub scopes: &'static [&'static str],
    pub handler: Handler,
}

/// A GET outside the directory's throttling model (mail and files have their own limits).
pub const fn unmetered_get(
    template: &'static str,
    scopes: &'static [&'static str],
    handler: Handler,
) -> Route {
    Route {
        method: "GET",
        template,
        cost: 1,
        service: Service::Unmetered,
        beta_only: false,
        scopes,
        handler,
    }
}

fn all_routes() -> impl Iterator<Item = &'static Route> {
    users::ROUTES
        .iter()
        .chain(directory::ROUTES)
        .chain(deleted::ROUTES)
        .chain(licensing::ROUTES)
        .chain(policies::ROUTES)
        .chain(apps::ROUTES)
        .chain(reports::ROUTES)
        .chain(roles::ROUTES)
        .chain(dns_records::ROUTES)
        .chain(groups::ROUTES)
        .chain(mail::ROUTES)
        .chain(drive::ROUTES)
        .chain(sites::ROUTES)
}

fn segment_matches(template: &str, seg: &str) -> Option<Option<String>> {
    match (template.find('{'), template.rfind('}')) {
        (Some(open), Some(close)) if open < close => {
            let (prefix, suffix) = (&template[..open], &template[close + 1..]);
            let fits = seg.len() >= prefix.len() + suffix.len()
                && seg[..prefix.len()].eq_ignore_ascii_case(prefix)
                && seg[seg.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
            fits.then(|| Some(seg[prefix.len()..seg.len() - suffix.len()].to_string()))
        }
        _ => template.eq_ignore_ascii_case(seg).then_some(None),
    }
}

pub enum Resolved {
    Found(&'static Route, Vec<String>),
    MethodNotAllowed,
    NotFound(String),
}

pub fn resolve(req: &Request) -> Resolved {
    let mut path_known = false;
    for route in all_routes() {
        if route.beta_only && req.version != "beta" {
            continue;
        }
        let tsegs: Vec<&str> = route
            .template
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        if tsegs.len() != req.segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let matched = tsegs
            .iter()
            .zip(&req.segments)
            .all(|(t, s)| match segment_matches(t, s) {
                Some(Some(p)) => {
                    params.push(p);
                    true
                }
                Some(None) => true,
                None => false,
            });
        if matched {
            path_known = true;
            if route.method == req.method {
                return Resolved::Found(route, params);
            }
        }
    }
    if path_known {
        Resolved::MethodNotAllowed
    } else {
        Resolved::NotFound(req.segments.last().cloned().unwrap_or_default())
    }
}

/// Resource units for this request: `$select` -1, `$top` under 20 -1, `$expand` +1, at least 1.
fn units(route: &Route, req: &Request) -> (u32, bool) {
    if route.method != "GET" {
        return (1, true);
    }
    let mut cost = route.cost as i64;
    if req.option("$select").is_some() {
        cost -= 1;
    }
    if req
        .option("$top")
        .and_then(|t| t.parse::<u32>().ok())
        .is_some_and(|t| t < 20)
    {
        cost -= 1;
    }
    if req.option("$expand").is_some() {
        cost += 1;
    }
    (cost.max(1) as u32, false)
}

/// The stats key of a request: `"{METHOD} /{version}{template}"`.
pub fn stats_key(req: &Request, resolved: &Resolved) -> String {
    match resolved {
        Resolved::Found(route, _) => format!("{} /{}{}", route.method, req.version, route.template),
        Resolved::MethodNotAllowed => format!("{} /{}{}", req.method, req.version, req.path),
        Resolved::NotFound(_) => format!("{} /{}(unknown)", req.method, req.version),
    }
}

/// Routes, throttles, checks permissions and runs one request. Returns the stats key too.
pub fn execute(app: &SimState, req: &Request, grant: &AccessGrant) -> (String, Reply) {
    let resolved = resolve(req);
    let key = stats_key(req, &resolved);
    let path = format!("/{}", req.segments.join("/"));
    let aimed = crate::app::lock(&app.targeted)
        .iter()
        .find(|f| f.matches(&req.method, &path))
        .map(|f| f.status);
    if let Some(status) = aimed {
        app.stats().faults_injected += 1;
        let secs = crate::app::lock(&app.dice).retry_after();
        return (key, reply::injected(status, secs));
    }
    let (route, params) = match resolved {
        Resolved::Found(r, p) => (r, p),
        Resolved::MethodNotAllowed => {
            return (
                key,
                Reply::error(
                    405,
                    "Request_BadRequest",
                    "Specified HTTP method is not allowed for the request target.",
                ),
            );
        }
        Resolved::NotFound(seg) => {
            return (
                key,
                Reply::error(
                    400,
                    "BadRequest",
                    format!("Resource not found for the segment '{seg}'."),
                ),
            );
        }
    };
    let (cost, write) = units(route, req);
    let users = crate::app::lock(&app.world).tenant.users.len();
    let verdict = crate::app::lock(&app.throttle).check(
        &grant.client_id,
        &grant.tenant_id,
        users,
        route.service,
        cost,
        write,
    );
    let mut extra = Vec::new();
    match verdict {
        Verdict::Throttled {
            retry_after,
            scope,
            information,
        } => {
            app.stats().throttled += 1;
            let mut reply = Reply::error(429, "TooManyRequests", "Please retry again later.")
                .header("x-ms-throttle-scope", scope)
                .header("x-ms-throttle-information", information);
            if let Some(secs) = retry_after {
                reply = reply.header("Retry-After", retry_after_value(secs));
            }
            return (key, reply);
        }
        Verdict::Allowed {
            units,
            limit_percentage,
        } => {
            if route.service == Service::Directory {
                extra.push(("x-ms-resource-unit".to_string(), units.to_string()));
            }
            if let Some(p) = limit_percentage {
                extra.push((
                    "x-ms-throttle-limit-percentage".to_string(),
                    format!("{p:.1}"),
                ));
            }
        }
    }
    if !grant.has_scope(route.scopes) {
        let mut r = denied();
        r.headers.extend(extra);
        return (key, r);
    }
    let mut w = app.world();
    let mut ctx = Ctx {
        w: &mut w,
        now: app.clock.now(),
        base: &app.base_url,
        req,
        grant,
        params,
        log: Vec::new(),
    };
    let mut reply = (route.handler)(&mut ctx).unwrap_or_else(|e| e);
    let log = std::mem::take(&mut ctx.log);
    drop(w);
    app.stats().deletions.extend(log);
    reply.headers.extend(extra);
    (key, reply)
}
