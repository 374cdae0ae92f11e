//! What an action does, as a code and its parameters rather than a sentence, so the journal
//! and the closure report can say it in the owner's language years later. The words are the
//! catalogue's `action.<code>` texts (`ui/i18n/<lang>.json`); the English one is also the
//! action's `description` for the command line and the logs.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::lang::Lang;

/// A closed set of things an action can do. Serialized in `snake_case`; never rename one
/// (journals on disk hold them), only add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionCode {
    /// `{name}`: the person.
    DeleteUser,
    /// `{name}`: what is removed from the recycle bin for good.
    Purge,
    /// `{name}`: the new sign-in name.
    ChangeSignInName,
    /// `{name}`: the domain.
    RemoveDomain,
    TurnOffSecurityDefaults,
    /// `{name}`: the policy's name.
    TurnOffConditionalAccess,
    /// `{name}`: the policy's name (deleted: its license has ended, so it cannot be changed).
    DeleteConditionalAccess,
    /// `{name}`: the person.
    TurnOffPerUserMfa,
    /// `{name}`: the app.
    DeleteAppRegistration,
    /// `{name}`: the app.
    DeleteEnterpriseApp,
    RemoveOwnAccess,
    /// `{name}`: the group (a Microsoft 365 or security group on a custom domain).
    DeleteGroup,
    /// `{name}`: the Microsoft 365 group whose Team goes with it.
    DeleteTeam,
    /// Access management for Azure resources on (User Access Administrator at "/").
    ElevateAzureAccess,
    /// The same access off again, once no Azure subscription is left.
    RemoveAzureAccess,
    /// `{text}`: a sentence kept as it was written (journals from before codes, or an action
    /// no code describes yet). Shown as it is, in whatever language it was written.
    Text,
}

impl ActionCode {
    pub const ALL: [ActionCode; 16] = [
        ActionCode::DeleteUser,
        ActionCode::Purge,
        ActionCode::ChangeSignInName,
        ActionCode::RemoveDomain,
        ActionCode::TurnOffSecurityDefaults,
        ActionCode::TurnOffConditionalAccess,
        ActionCode::DeleteConditionalAccess,
        ActionCode::TurnOffPerUserMfa,
        ActionCode::DeleteAppRegistration,
        ActionCode::DeleteEnterpriseApp,
        ActionCode::RemoveOwnAccess,
        ActionCode::DeleteGroup,
        ActionCode::DeleteTeam,
        ActionCode::ElevateAzureAccess,
        ActionCode::RemoveAzureAccess,
        ActionCode::Text,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionCode::DeleteUser => "delete_user",
            ActionCode::Purge => "purge",
            ActionCode::ChangeSignInName => "change_sign_in_name",
            ActionCode::RemoveDomain => "remove_domain",
            ActionCode::TurnOffSecurityDefaults => "turn_off_security_defaults",
            ActionCode::TurnOffConditionalAccess => "turn_off_conditional_access",
            ActionCode::DeleteConditionalAccess => "delete_conditional_access",
            ActionCode::TurnOffPerUserMfa => "turn_off_per_user_mfa",
            ActionCode::DeleteAppRegistration => "delete_app_registration",
            ActionCode::DeleteEnterpriseApp => "delete_enterprise_app",
            ActionCode::RemoveOwnAccess => "remove_own_access",
            ActionCode::DeleteGroup => "delete_group",
            ActionCode::DeleteTeam => "delete_team",
            ActionCode::ElevateAzureAccess => "elevate_azure_access",
            ActionCode::RemoveAzureAccess => "remove_azure_access",
            ActionCode::Text => "text",
        }
    }

    /// The catalogue key of its words.
    pub fn key(self) -> String {
        format!("action.{}", self.as_str())
    }
}

/// An action's meaning: its code and the values its words need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionText {
    pub code: ActionCode,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl ActionText {
    pub fn new(code: ActionCode) -> ActionText {
        ActionText {
            code,
            params: BTreeMap::new(),
        }
    }

    /// `code` about the object called `name`.
    pub fn named(code: ActionCode, name: impl Into<String>) -> ActionText {
        let mut text = ActionText::new(code);
        text.params.insert("name".into(), name.into());
        text
    }

    /// In the owner's language.
    pub fn render(&self, lang: Lang) -> String {
        if self.code == ActionCode::Text {
            return self.params.get("text").cloned().unwrap_or_default();
        }
        let params: Vec<(&String, &String)> = self.params.iter().collect();
        lang.fill(&self.code.key(), &params)
    }

    /// In English, for the command line and logs.
    pub fn english(&self) -> String {
        self.render(Lang::En)
    }
}

/// A sentence written before actions had codes.
impl From<String> for ActionText {
    fn from(text: String) -> ActionText {
        let mut out = ActionText::new(ActionCode::Text);
        out.params.insert("text".into(), text);
        out
    }
}
