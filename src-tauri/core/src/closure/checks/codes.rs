//! Every finding code, as data: the UI's texts are checked against this list (Rust writes it to
//! `tests/ui/samples/lists.json`), so no test has to read Rust source to know the codes.

use super::FindingCode;

impl FindingCode {
    /// Every code, in declaration order. A code added to the enum and not here fails
    /// `tests/view_samples.rs` (which compares it with the names serde knows).
    pub const ALL: &'static [FindingCode] = &[
        FindingCode::NotGlobalAdmin,
        FindingCode::DirectorySyncOn,
        FindingCode::PartnerSubscription,
        FindingCode::TooManyLicenses,
        FindingCode::CustomDomainInUse,
        FindingCode::OtherGlobalAdmins,
        FindingCode::TrialSubscription,
        FindingCode::UndeletableEnterpriseApps,
        FindingCode::AppRegistrations,
        FindingCode::ThirdPartyEnterpriseApps,
        FindingCode::DeletedUsersInRecycleBin,
        FindingCode::CouldNotRead,
        FindingCode::UsersRemain,
        FindingCode::SubscriptionsRemain,
        FindingCode::ApplicationsRemain,
        FindingCode::EnterpriseAppsRemain,
        FindingCode::DomainsRemain,
        FindingCode::GroupsOnCustomDomain,
        FindingCode::DistributionListsOnCustomDomain,
        FindingCode::SharedMailboxes,
        FindingCode::Guests,
        FindingCode::FederatedDomain,
        FindingCode::MicrosoftPurchasedDomain,
        FindingCode::UnpaidInvoiceCheck,
        FindingCode::AzureSubscriptions,
        FindingCode::AzureAccessNotElevated,
        FindingCode::AzureNotChecked,
        FindingCode::SelfServiceProducts,
        FindingCode::SelfServicePurchases,
    ];
}
