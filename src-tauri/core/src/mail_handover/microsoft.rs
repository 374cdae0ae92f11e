//! Which DNS values belong to Microsoft 365: the host names its records point at and the
//! name servers of Microsoft-hosted DNS (`ns1-4.bdm.microsoftonline.com`).

/// Host suffixes of Microsoft 365's services (mail, Autodiscover, Skype/Teams, device
/// management, DKIM in the tenant's `onmicrosoft.com` zone, hosted DNS).
const MICROSOFT_SUFFIXES: &[&str] = &[
    "outlook.com",
    "office365.com",
    "office.com",
    "lync.com",
    "microsoft.com",
    "microsoftonline.com",
    "windows.net",
    "onmicrosoft.com",
];

/// The name servers of DNS hosted by Microsoft 365.
const HOSTED_DNS_SUFFIX: &str = "bdm.microsoftonline.com";

fn under(host: &str, suffix: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == suffix || host.ends_with(&format!(".{suffix}"))
}

/// `true` when the host (or an SRV/MX value ending in a host) is Microsoft's.
pub fn is_microsoft_host(value: &str) -> bool {
    let host = value.split_whitespace().last().unwrap_or_default();
    MICROSOFT_SUFFIXES.iter().any(|s| under(host, s))
}

pub fn is_microsoft_name_server(host: &str) -> bool {
    under(host, HOSTED_DNS_SUFFIX)
}

/// `true` for an SPF record (`v=spf1 ...`).
pub fn is_spf(text: &str) -> bool {
    let t = text.trim_start().to_ascii_lowercase();
    t == "v=spf1" || t.starts_with("v=spf1 ")
}

/// `true` when an SPF record lets Microsoft's servers send (an `include:` or `redirect=` of a
/// Microsoft host, such as `include:spf.protection.outlook.com`).
pub fn spf_names_microsoft(text: &str) -> bool {
    text.split_whitespace().any(|term| {
        let t = term
            .trim_start_matches(['+', '-', '~', '?'])
            .to_ascii_lowercase();
        t.strip_prefix("include:")
            .or_else(|| t.strip_prefix("redirect="))
            .is_some_and(is_microsoft_host)
    })
}

/// Microsoft 365's domain verification record (`MS=ms12345678`).
pub fn is_verification(text: &str) -> bool {
    text.trim().to_ascii_lowercase().starts_with("ms=ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsoft_hosts_are_told_from_lookalikes() {
        assert!(is_microsoft_host(
            "0 crumbandco-com.mail.protection.outlook.com"
        ));
        assert!(is_microsoft_host("autodiscover.outlook.com."));
        assert!(is_microsoft_host(
            "selector1-crumbandco-com._domainkey.crumbandco.onmicrosoft.com"
        ));
        assert!(!is_microsoft_host("1 smtp.google.com"));
        assert!(!is_microsoft_host("notoutlook.com"));
        assert!(is_microsoft_name_server("ns1.bdm.microsoftonline.com"));
        assert!(!is_microsoft_name_server("ns1.registrar.example"));
    }

    #[test]
    fn spf_that_lets_microsoft_send_is_found_in_any_form() {
        assert!(spf_names_microsoft(
            "v=spf1 include:spf.protection.outlook.com -all"
        ));
        assert!(spf_names_microsoft(
            "v=spf1 +include:SPF.protection.outlook.com ~all"
        ));
        assert!(!spf_names_microsoft("v=spf1 include:_spf.google.com ~all"));
        assert!(is_spf("v=spf1 -all") && !is_spf("v=spf10") && !is_spf("MS=ms1"));
        assert!(is_verification("MS=ms12345678"));
    }
}
