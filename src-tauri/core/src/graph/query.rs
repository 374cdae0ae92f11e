//! Building collection paths with `$select` and `$top`, within Graph's limits.
//!
//! `$top` is 1..=999 on directory collections ("Paging Microsoft Graph data in your app",
//! <https://learn.microsoft.com/graph/paging>); `$select` both trims the answer and lowers the
//! resource-unit cost by one (<https://learn.microsoft.com/graph/throttling-limits>), so every
//! list the app reads should use it.

/// Graph's largest page for directory collections.
pub const MAX_TOP: u16 = 999;

/// `resource?$select=a,b&$top=n` (clamped to 1..=999), keeping any query `resource` has.
///
/// `list_path("/v1.0/users", &["id", "userPrincipalName"], Some(999))` gives
/// `/v1.0/users?$select=id,userPrincipalName&$top=999`.
pub fn list_path(resource: &str, select: &[&str], top: Option<u16>) -> String {
    let mut params = Vec::new();
    if !select.is_empty() {
        params.push(format!("$select={}", select.join(",")));
    }
    if let Some(top) = top {
        params.push(format!("$top={}", top.clamp(1, MAX_TOP)));
    }
    if params.is_empty() {
        return resource.to_owned();
    }
    let joiner = if resource.contains('?') { '&' } else { '?' };
    format!("{resource}{joiner}{}", params.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_select_and_top_within_limits() {
        assert_eq!(
            list_path("/v1.0/users", &["id", "userPrincipalName"], Some(999)),
            "/v1.0/users?$select=id,userPrincipalName&$top=999"
        );
        assert_eq!(
            list_path("/v1.0/users", &[], Some(5000)),
            "/v1.0/users?$top=999"
        );
        assert_eq!(
            list_path("/v1.0/users", &["id"], Some(0)),
            "/v1.0/users?$select=id&$top=1"
        );
        assert_eq!(
            list_path("/v1.0/users?$count=true", &["id"], None),
            "/v1.0/users?$count=true&$select=id"
        );
        assert_eq!(list_path("/v1.0/domains", &[], None), "/v1.0/domains");
    }
}
