//! `GET /domains/{id}/serviceConfigurationRecords`: the records Microsoft expects a custom
//! domain to carry, in Graph's `domainDnsRecord` shapes.

mod common;

use common::*;
use serde_json::Value;

fn by_type<'a>(records: &'a [Value], odata: &str) -> Vec<&'a Value> {
    records
        .iter()
        .filter(|r| r["@odata.type"] == odata)
        .collect()
}

#[tokio::test]
async fn a_custom_domain_lists_mx_spf_cnames_and_srv_in_microsofts_shapes() {
    let s = session("bakery").await;
    let body = s
        .get_json("/v1.0/domains/crumbandco.com/serviceConfigurationRecords")
        .await;
    assert!(body["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("$metadata#domains('crumbandco.com')/serviceConfigurationRecords"));
    let records = body["value"].as_array().unwrap();
    for r in records {
        for field in [
            "id",
            "isOptional",
            "label",
            "recordType",
            "supportedService",
            "ttl",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
    }

    let mx = by_type(records, "#microsoft.graph.domainDnsMxRecord");
    assert_eq!(mx.len(), 1);
    assert_eq!(mx[0]["recordType"], "Mx");
    assert_eq!(mx[0]["label"], "crumbandco.com");
    assert_eq!(
        mx[0]["mailExchange"],
        "crumbandco-com.mail.protection.outlook.com"
    );
    assert_eq!(mx[0]["preference"], 0);
    assert_eq!(mx[0]["isOptional"], false);
    assert_eq!(mx[0]["supportedService"], "Email");
    assert_eq!(mx[0]["ttl"], 3600);

    let txt = by_type(records, "#microsoft.graph.domainDnsTxtRecord");
    assert_eq!(txt.len(), 1);
    assert_eq!(txt[0]["recordType"], "Txt");
    assert!(txt[0]["text"]
        .as_str()
        .unwrap()
        .contains("include:spf.protection.outlook.com"));

    let cnames = by_type(records, "#microsoft.graph.domainDnsCnameRecord");
    let autodiscover = cnames
        .iter()
        .find(|r| r["label"] == "autodiscover.crumbandco.com")
        .expect("autodiscover");
    assert_eq!(autodiscover["recordType"], "CName");
    assert_eq!(autodiscover["canonicalName"], "autodiscover.outlook.com");
    let labels: Vec<&str> = cnames
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    for l in [
        "sip",
        "lyncdiscover",
        "enterpriseregistration",
        "enterpriseenrollment",
    ] {
        assert!(
            labels.contains(&format!("{l}.crumbandco.com").as_str()),
            "{l}"
        );
    }

    let srv = by_type(records, "#microsoft.graph.domainDnsSrvRecord");
    assert_eq!(srv.len(), 2);
    let sip = srv.iter().find(|r| r["service"] == "_sip").expect("_sip");
    assert_eq!(sip["recordType"], "Srv");
    assert_eq!(sip["protocol"], "_tls");
    assert_eq!(sip["label"], "crumbandco.com");
    assert_eq!(sip["nameTarget"], "sipdir.online.lync.com");
    assert_eq!(sip["port"], 443);
    assert_eq!(sip["isOptional"], true);
}

#[tokio::test]
async fn the_initial_domain_lists_nothing_and_an_unknown_domain_is_not_found() {
    let s = session("bakery").await;
    let initial = s
        .get_json("/v1.0/domains/crumbandco.onmicrosoft.com/serviceConfigurationRecords")
        .await;
    assert_eq!(initial["value"].as_array().unwrap().len(), 0);
    assert_eq!(
        error_code(
            s.get("/v1.0/domains/nosuch.example/serviceConfigurationRecords")
                .await,
            404
        )
        .await,
        "Request_ResourceNotFound"
    );
}
