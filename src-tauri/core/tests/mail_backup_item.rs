//! The backup checklist's DNS item (review #17, C11): it tells the registrar (who sold the
//! domain) from the DNS host (where the records live), and names the case where Microsoft 365
//! hosts the DNS: copy the records from the admin center and move the DNS before the Domains
//! step, because those records go with the domain. In English and Italian.

use closeout_core::backup::{render, Checklist, DataInventory, ItemKind, Lang};
use time::macros::datetime;

fn dns_item_steps(lang: Lang) -> Vec<String> {
    let inventory = DataInventory {
        custom_domains: vec!["crumbandco.com".into()],
        ..DataInventory::default()
    };
    let list = Checklist::build(&inventory, datetime!(2026-12-01 10:00 UTC));
    let item = list.item("dns:crumbandco.com").expect("the DNS item");
    assert_eq!(item.kind, ItemKind::DnsRecords);
    render(item, lang).1
}

#[test]
fn the_dns_item_tells_the_registrar_from_the_dns_host_and_names_microsoft_hosted_dns() {
    let steps = dns_item_steps(Lang::En);
    let all = steps.join("\n");
    assert!(
        !all.contains("registered (your DNS host)"),
        "C11's conflation: {all}"
    );
    assert!(
        steps[0].contains("registrar is the company you pay for the domain"),
        "{}",
        steps[0]
    );
    assert!(
        steps[0].contains("DNS host is where its records are kept"),
        "{}",
        steps[0]
    );
    assert!(
        steps[0].contains("ns1.bdm.microsoftonline.com"),
        "{}",
        steps[0]
    );
    let hosted = &steps[1];
    assert!(hosted.starts_with("If Microsoft 365 hosts it"), "{hosted}");
    assert!(
        hosted.contains("Settings > Domains > crumbandco.com > DNS records"),
        "{hosted}"
    );
    assert!(hosted.contains("before the Domains step"), "{hosted}");
    assert!(
        steps[2].starts_with("Otherwise, sign in to your DNS host"),
        "{}",
        steps[2]
    );
    assert_eq!(steps.len(), 4);
}

#[test]
fn the_dns_item_says_the_same_in_italian() {
    let steps = dns_item_steps(Lang::It);
    assert_eq!(steps.len(), 4);
    assert!(
        steps[0].contains("Il registrar è la società a cui paghi il dominio"),
        "{}",
        steps[0]
    );
    assert!(
        steps[0].contains("il gestore DNS è dove sono conservati i suoi record"),
        "{}",
        steps[0]
    );
    assert!(
        steps[1].starts_with("Se lo gestisce Microsoft 365"),
        "{}",
        steps[1]
    );
    assert!(
        steps[1].contains("Impostazioni > Domini > crumbandco.com > Record DNS"),
        "{}",
        steps[1]
    );
    assert!(
        steps[1].contains("prima del passaggio Domini"),
        "{}",
        steps[1]
    );
}
