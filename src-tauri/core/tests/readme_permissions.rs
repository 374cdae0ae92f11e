//! One list of permissions: the README's app-registration steps name exactly the delegated
//! Graph permissions Closeout asks for, so whoever registers the app grants what it needs.

use closeout_core::auth::config::GRAPH_PERMISSIONS;

const README: &str = include_str!("../../../README.md");

#[test]
fn the_readme_names_every_permission_closeout_asks_for_and_no_other() {
    let section = README
        .split("3. API permissions > Microsoft Graph")
        .nth(1)
        .and_then(|rest| rest.split("4. **Admin consent**").next())
        .expect("the README's permission step");
    for permission in GRAPH_PERMISSIONS {
        assert!(
            section.contains(&format!("`{permission}`")),
            "{permission} is asked for but the README does not list it"
        );
    }
    let named = section
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.contains('.') && !w.contains('/') && !w.ends_with(".rs"))
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase));
    for word in named {
        assert!(
            GRAPH_PERMISSIONS.contains(&word),
            "the README lists {word}, which Closeout does not ask for"
        );
    }
}
