//! Azure subscriptions as ARM lists them (`GET /subscriptions?api-version=2022-12-01`, spec
//! `Microsoft.Resources/stable/2022-12-01/subscriptions.json`), read tolerantly: every field
//! may be missing or `null`, unknown fields are ignored, an unknown `state` is kept as text
//! and counted as blocking (the safe reading: only `Deleted` is known not to block).

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const SUBSCRIPTIONS_API: &str = "2022-12-01";

/// ARM's subscription `state`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionState {
    Enabled,
    Warned,
    PastDue,
    /// Cancelled (or disabled for non-payment): still blocks the tenant's deletion.
    Disabled,
    Deleted,
    /// A state Microsoft may add later, as sent.
    Other(String),
}

impl SubscriptionState {
    pub fn parse(text: Option<&str>) -> Self {
        match text.unwrap_or_default() {
            "Enabled" => Self::Enabled,
            "Warned" => Self::Warned,
            "PastDue" => Self::PastDue,
            "Disabled" => Self::Disabled,
            "Deleted" => Self::Deleted,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Enabled => "Enabled",
            Self::Warned => "Warned",
            Self::PastDue => "PastDue",
            Self::Disabled => "Disabled",
            Self::Deleted => "Deleted",
            Self::Other(text) => text,
        }
    }

    /// Active and cancelled-but-not-deleted subscriptions block deleting the directory
    /// (Entra "Delete a tenant"); only a deleted one does not.
    pub fn blocks(&self) -> bool {
        *self != Self::Deleted
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AzureSubscription {
    pub subscription_id: String,
    /// `None` when ARM sent none; the UI then shows the id.
    pub display_name: Option<String>,
    pub state: SubscriptionState,
    pub tenant_id: Option<String>,
}

impl AzureSubscription {
    /// One item of `value`; `None` when it has no subscription id at all.
    pub fn from_json(item: &Value) -> Option<Self> {
        let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
        let subscription_id = text("subscriptionId")
            .or_else(|| {
                text("id").and_then(|id| id.strip_prefix("/subscriptions/").map(str::to_owned))
            })
            .filter(|id| !id.is_empty())?;
        Some(AzureSubscription {
            subscription_id,
            display_name: text("displayName").filter(|n| !n.trim().is_empty()),
            state: SubscriptionState::parse(item.get("state").and_then(Value::as_str)),
            tenant_id: text("tenantId"),
        })
    }

    /// "Azure subscription 1 (Disabled)", as the findings name it.
    pub fn label(&self) -> String {
        let name = self
            .display_name
            .as_deref()
            .unwrap_or(&self.subscription_id);
        format!("{name} ({})", self.state.as_str())
    }

    /// Whether it is this organization's: a `tenantId` naming another tenant is not (ARM
    /// lists per token tenant; INFERENCE: a missing `tenantId` is the token's tenant).
    pub fn belongs_to(&self, tenant: &str) -> bool {
        self.tenant_id
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case(tenant))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_null_and_unknown_fields_are_tolerated() {
        let full = json!({"id": "/subscriptions/a1", "subscriptionId": "a1", "tenantId": "t",
            "displayName": "Dev", "state": "Warned", "somethingNew": {"x": 1}});
        let s = AzureSubscription::from_json(&full).unwrap();
        assert_eq!(s.label(), "Dev (Warned)");
        assert!(s.state.blocks() && s.belongs_to("T"));

        let sparse = json!({"id": "/subscriptions/b2", "displayName": null, "state": null});
        let s = AzureSubscription::from_json(&sparse).unwrap();
        assert_eq!(s.subscription_id, "b2");
        assert_eq!(s.state, SubscriptionState::Other(String::new()));
        assert!(s.state.blocks(), "an unknown state counts as blocking");
        assert!(s.belongs_to("any"));

        let odd = json!({"subscriptionId": "c3", "state": "Frozen", "tenantId": "other"});
        let s = AzureSubscription::from_json(&odd).unwrap();
        assert_eq!(s.state.as_str(), "Frozen");
        assert!(!s.belongs_to("mine"));
        assert!(!SubscriptionState::Deleted.blocks());
        assert!(AzureSubscription::from_json(&json!({"displayName": "no id"})).is_none());
    }
}
