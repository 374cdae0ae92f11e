//! A small OData `$filter` evaluator for the clauses Closeout uses:
//! `eq`, `ne`, `startswith`, `endswith`, `not`, `and`, `or`, parentheses, and
//! `assignedLicenses/any(x:x/skuId eq <guid>)` and `groupTypes/any(c:c eq 'Unified')` on
//! any collection of strings.
//!
//! As at Microsoft, `ne`, `not`, `endswith` and some properties are "advanced queries"
//! that need `ConsistencyLevel: eventual` with `$count=true`.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Open,
    Close,
    Comma,
}

#[derive(Debug, Clone)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Cmp {
        prop: String,
        ne: bool,
        value: Value,
    },
    Starts {
        prop: String,
        prefix: String,
        ends: bool,
    },
    AnySku(String),
    /// `prop/any(x:x eq 'value')` over an array of strings.
    AnyOf {
        prop: String,
        value: String,
    },
}

fn tokens(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            ' ' => {
                chars.next();
            }
            '(' | ')' | ',' => {
                chars.next();
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    _ => Tok::Comma,
                });
            }
            '\'' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        Some('\'') => break,
                        Some(ch) => s.push(ch),
                        None => return Err("unterminated string literal".into()),
                    }
                }
                out.push(Tok::Str(s));
            }
            _ => {
                let mut w = String::new();
                while let Some(&ch) = chars.peek() {
                    if ch == ' ' || ch == '(' || ch == ')' || ch == ',' || ch == '\'' {
                        break;
                    }
                    w.push(ch);
                    chars.next();
                }
                out.push(Tok::Word(w));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek_word(&self) -> Option<String> {
        match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => Some(w.to_ascii_lowercase()),
            _ => None,
        }
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn expect(&mut self, tok: Tok) -> Result<(), String> {
        if self.next() == Some(tok.clone()) {
            Ok(())
        } else {
            Err(format!("expected {tok:?}"))
        }
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.peek_word().as_deref() == Some("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while self.peek_word().as_deref() == Some("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_word().as_deref() == Some("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        match self.next() {
            Some(Tok::Open) => {
                let e = self.or()?;
                self.expect(Tok::Close)?;
                Ok(e)
            }
            Some(Tok::Word(w)) => self.after_word(w),
            other => Err(format!("unexpected {other:?}")),
        }
    }

    fn after_word(&mut self, w: String) -> Result<Expr, String> {
        let lower = w.to_ascii_lowercase();
        if lower == "startswith" || lower == "endswith" {
            self.expect(Tok::Open)?;
            let Some(Tok::Word(prop)) = self.next() else {
                return Err("expected a property".into());
            };
            self.expect(Tok::Comma)?;
            let Some(Tok::Str(prefix)) = self.next() else {
                return Err("expected a string".into());
            };
            self.expect(Tok::Close)?;
            return Ok(Expr::Starts {
                prop,
                prefix,
                ends: lower == "endswith",
            });
        }
        if lower.starts_with("assignedlicenses/any") {
            // assignedLicenses/any(x:x/skuId eq <guid>)
            self.expect(Tok::Open)?;
            let Some(Tok::Word(_lambda)) = self.next() else {
                return Err("expected a lambda".into());
            };
            let op = self.peek_word();
            self.pos += 1;
            let Some(Tok::Word(guid)) = self.next() else {
                return Err("expected a guid".into());
            };
            self.expect(Tok::Close)?;
            if op.as_deref() != Some("eq") {
                return Err("only eq is supported inside any()".into());
            }
            return Ok(Expr::AnySku(guid));
        }
        if let Some(prop) = lower
            .strip_suffix("/any")
            .map(|_| w[..w.len() - 4].to_string())
        {
            self.expect(Tok::Open)?;
            let Some(Tok::Word(_lambda)) = self.next() else {
                return Err("expected a lambda".into());
            };
            let op = self.peek_word();
            self.pos += 1;
            let Some(Tok::Str(value)) = self.next() else {
                return Err("expected a string".into());
            };
            self.expect(Tok::Close)?;
            if op.as_deref() != Some("eq") {
                return Err("only eq is supported inside any()".into());
            }
            return Ok(Expr::AnyOf { prop, value });
        }
        let op = self.peek_word().ok_or("expected an operator")?;
        self.pos += 1;
        let value = match self.next() {
            Some(Tok::Str(s)) => Value::String(s),
            Some(Tok::Word(v)) if v == "true" || v == "false" => Value::Bool(v == "true"),
            Some(Tok::Word(v)) if v == "null" => Value::Null,
            Some(Tok::Word(v)) => Value::String(v),
            other => return Err(format!("unexpected {other:?}")),
        };
        match op.as_str() {
            "eq" | "ne" => Ok(Expr::Cmp {
                prop: w,
                ne: op == "ne",
                value,
            }),
            _ => Err(format!("operator '{op}' is not supported")),
        }
    }
}

pub fn parse(text: &str) -> Result<Expr, String> {
    let mut p = Parser {
        toks: tokens(text)?,
        pos: 0,
    };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        return Err("unexpected text after the expression".into());
    }
    Ok(e)
}

impl Expr {
    /// Properties named anywhere in the expression.
    pub fn properties(&self) -> Vec<String> {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => [a.properties(), b.properties()].concat(),
            Expr::Not(a) => a.properties(),
            Expr::Cmp { prop, .. } | Expr::Starts { prop, .. } => vec![prop.clone()],
            Expr::AnySku(_) => vec!["assignedLicenses".into()],
            Expr::AnyOf { prop, .. } => vec![prop.clone()],
        }
    }

    /// True when Microsoft treats the clause as an advanced query.
    pub fn is_advanced(&self, advanced_props: &[&str]) -> bool {
        match self {
            Expr::And(a, b) | Expr::Or(a, b) => {
                a.is_advanced(advanced_props) || b.is_advanced(advanced_props)
            }
            Expr::Not(_) => true,
            Expr::Cmp { ne: true, .. } => true,
            Expr::Starts { ends: true, .. } => true,
            Expr::Cmp { prop, .. } | Expr::Starts { prop, .. } => {
                advanced_props.iter().any(|p| p.eq_ignore_ascii_case(prop))
            }
            Expr::AnySku(_) | Expr::AnyOf { .. } => false,
        }
    }

    pub fn matches(&self, obj: &Map<String, Value>) -> bool {
        let get = |prop: &str| {
            obj.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(prop))
                .map(|(_, v)| v.clone())
                .unwrap_or(Value::Null)
        };
        match self {
            Expr::And(a, b) => a.matches(obj) && b.matches(obj),
            Expr::Or(a, b) => a.matches(obj) || b.matches(obj),
            Expr::Not(a) => !a.matches(obj),
            Expr::Cmp { prop, ne, value } => {
                let actual = get(prop);
                let equal = match (&actual, value) {
                    (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
                    (a, b) => a == b,
                };
                equal != *ne
            }
            Expr::Starts { prop, prefix, ends } => match get(prop) {
                Value::String(s) => {
                    let (s, p) = (s.to_ascii_lowercase(), prefix.to_ascii_lowercase());
                    if *ends {
                        s.ends_with(&p)
                    } else {
                        s.starts_with(&p)
                    }
                }
                _ => false,
            },
            Expr::AnySku(guid) => match get("assignedLicenses") {
                Value::Array(items) => items.iter().any(|l| {
                    l["skuId"]
                        .as_str()
                        .is_some_and(|s| s.eq_ignore_ascii_case(guid))
                }),
                _ => false,
            },
            Expr::AnyOf { prop, value } => match get(prop) {
                Value::Array(items) => items
                    .iter()
                    .any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(value))),
                _ => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn evaluates_the_clauses_closeout_uses() {
        let u = obj(
            json!({"userType": "Member", "accountEnabled": true, "userPrincipalName": "Ana@x.com",
            "assignedLicenses": [{"skuId": "abc"}], "onPremisesSyncEnabled": null}),
        );
        assert!(parse("userType eq 'Member' and accountEnabled eq true")
            .unwrap()
            .matches(&u));
        assert!(parse("startswith(userPrincipalName,'ana')")
            .unwrap()
            .matches(&u));
        assert!(!parse("userType ne 'Member'").unwrap().matches(&u));
        assert!(parse("assignedLicenses/any(x:x/skuId eq abc)")
            .unwrap()
            .matches(&u));
        assert!(parse("(userType eq 'Guest' or accountEnabled eq true) and not(onPremisesSyncEnabled eq true)").unwrap().matches(&u));
        assert!(parse("userType eq").is_err());
        assert!(parse("userType ne 'Guest'").unwrap().is_advanced(&[]));
    }
}
