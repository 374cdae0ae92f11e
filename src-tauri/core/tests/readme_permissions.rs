//! The README's app-registration steps list exactly the permissions Closeout asks for: the one
//! list is `auth::closure_scopes()` (core/src/auth/config.rs); an IT person who registers
//! Closeout from the README must grant every one, or the closure fails half-way.

use closeout_core::auth::{closure_scopes, MICROSOFT_GRAPH};
use std::collections::BTreeSet;

#[test]
fn the_readme_lists_every_permission_closeout_asks_for_and_no_other() {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("API permissions > Microsoft Graph > **Delegated**")
        .expect("the README's permission step");
    let end = start + readme[start..].find("\n4. ").expect("the step after it");
    let listed: BTreeSet<&str> = readme[start..end]
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|code| !code.contains('/')) // a file path, not a permission
        .collect();
    let asked: BTreeSet<String> = closure_scopes()
        .into_iter()
        .map(|s| {
            s.trim_start_matches(&format!("{MICROSOFT_GRAPH}/"))
                .to_string()
        })
        .collect();
    let asked: BTreeSet<&str> = asked.iter().map(String::as_str).collect();
    let missing: Vec<_> = asked.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&asked).collect();
    assert!(missing.is_empty(), "the README does not list {missing:?}");
    assert!(
        extra.is_empty(),
        "the README lists {extra:?}, which Closeout does not ask for"
    );
}
