//! Product names for subscriptions: Graph names a subscription by its `skuPartNumber`
//! (`O365_BUSINESS_PREMIUM`), while the owner knows it by the name Microsoft's admin center
//! shows ("Microsoft 365 Business Standard"). Everything that names a subscription for a
//! person goes through [`product_name`].
//!
//! The names are Microsoft's own, from "Product names and service plan identifiers for
//! licensing" (learn.microsoft.com, entra/identity/users/licensing-service-plan-reference),
//! for the products a small business commonly has; each row was checked against that table
//! (MicrosoftDocs/entra-docs, `licensing-service-plan-reference.md`, dated 14 July 2025; the
//! Fabric row re-read in the copy of 29 October 2025). Where
//! the table capitalises differently from the product's own name ("Exchange Online (PLAN 2)",
//! "Apps for Business"), the product's spelling is kept. An unknown part number is shown as it
//! is: a code the owner can search for beats a guessed name.

/// `skuPartNumber` → the product name in Microsoft's licensing reference.
const PRODUCTS: &[(&str, &str)] = &[
    ("AAD_PREMIUM", "Microsoft Entra ID P1"),
    ("AAD_PREMIUM_P2", "Microsoft Entra ID P2"),
    (
        "ATP_ENTERPRISE",
        "Microsoft Defender for Office 365 (Plan 1)",
    ),
    ("EMS", "Enterprise Mobility + Security E3"),
    ("ENTERPRISEPACK", "Office 365 E3"),
    ("ENTERPRISEPREMIUM", "Office 365 E5"),
    (
        "EXCHANGEARCHIVE_ADDON",
        "Exchange Online Archiving for Exchange Online",
    ),
    ("EXCHANGEDESKLESS", "Exchange Online Kiosk"),
    ("EXCHANGEENTERPRISE", "Exchange Online (Plan 2)"),
    ("EXCHANGESTANDARD", "Exchange Online (Plan 1)"),
    ("FLOW_FREE", "Microsoft Power Automate Free"),
    ("MCOEV", "Microsoft Teams Phone Standard"),
    ("MCOMEETADV", "Microsoft 365 Audio Conferencing"),
    ("Microsoft_365_Copilot", "Copilot for Microsoft 365"),
    ("O365_BUSINESS", "Microsoft 365 Apps for business"),
    ("O365_BUSINESS_ESSENTIALS", "Microsoft 365 Business Basic"),
    ("O365_BUSINESS_PREMIUM", "Microsoft 365 Business Standard"),
    ("OFFICESUBSCRIPTION", "Microsoft 365 Apps for enterprise"),
    ("POWER_BI_PRO", "Power BI Pro"),
    // Renamed from "Power BI (free)" (still the name of its BI_AZURE_P0 service plan): the
    // reference as of 29 October 2025.
    ("POWER_BI_STANDARD", "Microsoft Fabric (Free)"),
    ("PROJECTPROFESSIONAL", "Planner and Project Plan 3"),
    ("RIGHTSMANAGEMENT", "Azure Information Protection Plan 1"),
    ("SMB_BUSINESS", "Microsoft 365 Apps for business"),
    ("SMB_BUSINESS_ESSENTIALS", "Microsoft 365 Business Basic"),
    ("SPB", "Microsoft 365 Business Premium"),
    ("SPE_E3", "Microsoft 365 E3"),
    ("SPE_E5", "Microsoft 365 E5"),
    ("SPE_F1", "Microsoft 365 F3"),
    ("STANDARDPACK", "Office 365 E1"),
    ("TEAMS_EXPLORATORY", "Microsoft Teams Exploratory"),
    ("VISIOCLIENT", "Visio Plan 2"),
];

/// The name Microsoft shows for this `skuPartNumber`, or the part number itself when it is
/// not in the table. A name that is already a product name comes back unchanged, so names
/// stored by older versions (part numbers) and newer ones (product names) read the same.
pub fn product_name(sku_part_number: &str) -> &str {
    PRODUCTS
        .iter()
        .find(|(part, _)| part.eq_ignore_ascii_case(sku_part_number))
        .map_or(sku_part_number, |(_, name)| name)
}

/// Part numbers of the free self-service sign-up products Microsoft's "Using self-service
/// sign-up in your organization" lists (Power BI, Power Automate, Power Apps, Rights
/// Management, Stream, Power Virtual Agents), as the licensing reference spells them.
/// INFERENCE: Graph marks these products no other way; see [`looks_like_sign_up`].
const SELF_SERVICE_SIGN_UP: &[&str] = &[
    "POWER_BI_STANDARD",
    "POWER_BI_INDIVIDUAL_USER",
    "FLOW_FREE",
    "POWERAPPS_VIRAL",
    "POWERAPPS_DEV",
    "RIGHTSMANAGEMENT_ADHOC",
    "STREAM",
    "CCIBOTS_PRIVPREV_VIRAL",
];

/// Whether this part number is a free self-service sign-up product.
pub fn is_self_service_sign_up(sku_part_number: &str) -> bool {
    SELF_SERVICE_SIGN_UP
        .iter()
        .any(|part| part.eq_ignore_ascii_case(sku_part_number))
}

/// INFERENCE, for a sign-up product not in the list: a free "trial" with room for tens of
/// thousands of people is what tenants report for these, never a business trial (25 seats).
pub fn looks_like_sign_up(is_trial: bool, total_licenses: u32) -> bool {
    is_trial && total_licenses >= 10_000
}

#[cfg(test)]
mod tests {
    use super::product_name;

    #[test]
    fn known_part_numbers_get_microsofts_product_names() {
        for (part, name) in [
            ("O365_BUSINESS_ESSENTIALS", "Microsoft 365 Business Basic"),
            ("O365_BUSINESS_PREMIUM", "Microsoft 365 Business Standard"),
            ("SPB", "Microsoft 365 Business Premium"),
            ("EXCHANGESTANDARD", "Exchange Online (Plan 1)"),
            ("POWER_BI_PRO", "Power BI Pro"),
            ("FLOW_FREE", "Microsoft Power Automate Free"),
            ("TEAMS_EXPLORATORY", "Microsoft Teams Exploratory"),
            ("STANDARDPACK", "Office 365 E1"),
            ("ENTERPRISEPACK", "Office 365 E3"),
            ("SPE_E3", "Microsoft 365 E3"),
            ("SPE_E5", "Microsoft 365 E5"),
            ("O365_BUSINESS", "Microsoft 365 Apps for business"),
            ("AAD_PREMIUM", "Microsoft Entra ID P1"),
            ("spb", "Microsoft 365 Business Premium"),
        ] {
            assert_eq!(product_name(part), name, "{part}");
        }
    }

    #[test]
    fn unknown_part_numbers_and_product_names_are_kept() {
        assert_eq!(product_name("CONTOSO_SPECIAL_SKU"), "CONTOSO_SPECIAL_SKU");
        assert_eq!(product_name(""), "");
        assert_eq!(
            product_name("Microsoft 365 Business Standard"),
            "Microsoft 365 Business Standard"
        );
    }
}
