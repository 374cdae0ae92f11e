//! The inventory: one snapshot of everything the closure needs to know about the organization,
//! gathered in as few requests as Graph allows: one `$batch` carrying every first page (with
//! `$select` and `$top=999`), then only the further pages of collections that have them.
//! For a 300-person organization that is a single HTTP request.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ids::{canonicalize, same_id, Identified};
use super::model::*;
use super::StepId;
use crate::error::{Error, ErrorCode, Result};
use crate::graph::{BatchItem, BatchOutcome, GraphClient};

/// Everything the checks and the planners read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inventory {
    pub organization: Organization,
    pub me: User,
    /// The directory roles the signed-in person holds.
    pub my_roles: Vec<DirectoryObject>,
    /// Every active Global Administrator (including you).
    pub global_admins: Vec<User>,
    /// Every user, including you.
    pub users: Vec<User>,
    pub deleted_users: Vec<DeletedUser>,
    pub domains: Vec<Domain>,
    pub skus: Vec<SubscribedSku>,
    /// Serialized with each one's `productName` as well, so the UI never shows a part number.
    #[serde(serialize_with = "with_product_names")]
    pub subscriptions: Vec<CompanySubscription>,
    /// `None` when it could not be read (see `unreadable`).
    pub security_defaults: Option<SecurityDefaults>,
    pub conditional_access: Vec<ConditionalAccessPolicy>,
    pub applications: Vec<Application>,
    pub service_principals: Vec<ServicePrincipal>,
    /// Parts Microsoft refused to show (e.g. conditional access without a P1 license), with
    /// the error code: the checks say so rather than assume they are empty.
    pub unreadable: Vec<Unreadable>,
    /// Every group; the ones with an address on a custom domain block removing it.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// The purpose of each mailbox whose account cannot sign in (shared, room, equipment),
    /// read only for those accounts so that the inventory stays cheap.
    #[serde(default)]
    pub mailbox_purposes: Vec<MailboxPurpose>,
    /// What `domainNameReferences` names for each custom domain: read only for the Domains
    /// step, whose verification goes by what Microsoft says still uses a domain.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domain_references: Vec<DomainReferences>,
}

/// The objects (users, groups...) `GET /domains/{id}/domainNameReferences` names for a domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainReferences {
    pub domain: String,
    pub objects: Vec<DirectoryObject>,
}

/// A part of the organization that could not be read, whole or in part. The steps that
/// depend on it say "couldn't check", never "done" (see `steps::depends_on`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unreadable {
    /// The inventory part (`securityDefaults`, `users`...).
    pub part: String,
    pub code: ErrorCode,
    /// Objects set aside because they could not be used (no id, an id that is not of its
    /// kind, a field of the wrong type): their name or id as Microsoft sent it. Empty when
    /// the whole part was refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<String>,
}

/// Each subscription as Graph gave it, plus the name the admin center shows.
fn with_product_names<S: serde::Serializer>(
    subscriptions: &[CompanySubscription],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Named<'a> {
        #[serde(flatten)]
        subscription: &'a CompanySubscription,
        product_name: &'a str,
    }
    serializer.collect_seq(subscriptions.iter().map(|subscription| Named {
        subscription,
        product_name: subscription.product_name(),
    }))
}

const USER_FIELDS: &str =
    "id,userPrincipalName,displayName,userType,accountEnabled,onPremisesSyncEnabled";

/// (batch id, path, required): a required part that fails fails the inventory.
fn parts() -> Vec<(&'static str, String, bool)> {
    vec![
        ("organization", "/v1.0/organization?$select=id,displayName,verifiedDomains,onPremisesSyncEnabled".into(), true),
        ("me", "/v1.0/me?$select=id,userPrincipalName,displayName".into(), true),
        ("myRoles", "/v1.0/me/memberOf?$select=id,displayName,roleTemplateId".into(), true),
        ("globalAdmins", format!("/v1.0/directoryRoles(roleTemplateId='{GLOBAL_ADMIN_ROLE}')/members?$select=id,userPrincipalName,displayName"), false),
        ("users", format!("/v1.0/users?$select={USER_FIELDS}&$top=999"), true),
        ("deletedUsers", "/v1.0/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,displayName,deletedDateTime&$top=999".into(), false),
        ("domains", "/v1.0/domains?$select=id,isDefault,isInitial,isVerified,authenticationType".into(), true),
        ("skus", "/v1.0/subscribedSkus?$select=id,skuId,skuPartNumber,capabilityStatus,consumedUnits,servicePlans".into(), false),
        ("subscriptions", "/v1.0/directory/subscriptions".into(), true),
        ("securityDefaults", "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy".into(), false),
        ("conditionalAccess", "/v1.0/identity/conditionalAccess/policies?$select=id,displayName,state,conditions,grantControls".into(), false),
        ("applications", "/v1.0/applications?$select=id,appId,displayName&$top=999".into(), false),
        ("groups", "/v1.0/groups?$select=id,displayName,mail,mailEnabled,securityEnabled,groupTypes,resourceProvisioningOptions,proxyAddresses&$top=999".into(), false),
        ("servicePrincipals", "/v1.0/servicePrincipals?$select=id,appId,displayName,appOwnerOrganizationId,servicePrincipalType,accountEnabled&$top=999".into(), false),
    ]
}

/// The batch answers, with the further pages fetched on demand.
struct Answers<'a> {
    client: &'a GraphClient,
    requested: Vec<&'static str>,
    outcomes: Vec<BatchOutcome>,
    required: Vec<&'static str>,
    unreadable: Vec<Unreadable>,
}

impl Answers<'_> {
    fn take(&mut self, id: &str) -> Result<Option<Value>> {
        if !self.requested.contains(&id) {
            return Ok(None);
        }
        let outcome = self
            .outcomes
            .iter_mut()
            .find(|o| o.id == id)
            .ok_or_else(|| Error::internal(format!("no answer for {id}")))?;
        match outcome.error.take() {
            None => Ok(Some(std::mem::take(&mut outcome.body))),
            Some(error) if self.required.contains(&id) => Err(error),
            Some(error) => {
                self.unreadable.push(Unreadable {
                    part: id.to_string(),
                    code: error.code,
                    objects: Vec::new(),
                });
                Ok(None)
            }
        }
    }

    fn object<T: DeserializeOwned>(&mut self, id: &str) -> Result<Option<T>> {
        self.take(id)?.map(|body| decode(id, body)).transpose()
    }

    /// A collection of objects with ids: every page, each object decoded on its own, ids
    /// checked and made canonical, duplicates dropped; what cannot be used is set aside and
    /// named in `unreadable` while everything else proceeds.
    async fn list<T: DeserializeOwned + Identified>(&mut self, id: &'static str) -> Result<Vec<T>> {
        let mut items = self.list_of::<T>(id).await?;
        let rejected = canonicalize(&mut items);
        self.set_aside(
            id,
            rejected
                .into_iter()
                .map(|r| format!("id {:?}", r.id))
                .collect(),
        );
        Ok(items)
    }

    /// A collection: the first page from the batch, the rest through `@odata.nextLink` (an
    /// absolute link on the Graph base, see `GraphClient::next_page_path`).
    async fn list_of<T: DeserializeOwned>(&mut self, id: &'static str) -> Result<Vec<T>> {
        let Some(mut body) = self.take(id)? else {
            return Ok(Vec::new());
        };
        let next = body
            .get("@odata.nextLink")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut raw: Vec<Value> = decode(id, body["value"].take())?;
        if let Some(link) = next {
            let path = self.client.next_page_path(&link)?;
            raw.extend(self.client.get_all::<Value>(&path).await?);
        }
        let mut items = Vec::with_capacity(raw.len());
        let mut unusable = Vec::new();
        for object in raw {
            let name = object_name(&object);
            match serde_json::from_value(object) {
                Ok(item) => items.push(item),
                Err(_) => unusable.push(name),
            }
        }
        self.set_aside(id, unusable);
        Ok(items)
    }

    fn set_aside(&mut self, part: &str, objects: Vec<String>) {
        if objects.is_empty() {
            return;
        }
        tracing::warn!(
            part,
            count = objects.len(),
            "objects set aside: they could not be used"
        );
        match self.unreadable.iter_mut().find(|u| u.part == part) {
            Some(known) => known.objects.extend(objects),
            None => self.unreadable.push(Unreadable {
                part: part.to_string(),
                code: ErrorCode::MalformedResponse,
                objects,
            }),
        }
    }
}

/// How to name an object that could not be used: its display name, sign-in name or id as
/// Microsoft sent them.
fn object_name(object: &Value) -> String {
    ["displayName", "userPrincipalName", "id"]
        .iter()
        .find_map(|field| object.get(*field).and_then(Value::as_str))
        .map(|name| name.chars().take(80).collect())
        .unwrap_or_else(|| "an object without an id".into())
}

fn decode<T: DeserializeOwned>(id: &str, body: Value) -> Result<T> {
    serde_json::from_value(body).map_err(|e| {
        Error::new(
            ErrorCode::MalformedResponse,
            format!("Microsoft's answer for {id} could not be read: {e}"),
        )
    })
}

/// Gathers the inventory.
pub async fn gather(client: &GraphClient) -> Result<Inventory> {
    gather_for(client, None).await
}

/// The parts one step needs (`None`: everything). A step's `apply` and `verify` read only
/// these, which spares resource units and the 1-per-second conditional access budget; the
/// parts not read are left empty and are not reported as unreadable.
fn needed(step: Option<StepId>, part: &str) -> bool {
    let extra: &[&str] = match step {
        None | Some(StepId::Directory) => return true,
        Some(StepId::Users) => &["globalAdmins", "deletedUsers"],
        Some(StepId::Domains) => &["domains", "groups"],
        Some(StepId::CancelSubscriptions | StepId::DeleteSubscriptions) => {
            &["domains", "subscriptions"]
        }
        Some(StepId::Mfa) => &["securityDefaults", "conditionalAccess"],
    };
    ["organization", "me", "myRoles", "users"].contains(&part) || extra.contains(&part)
}

/// Gathers what `step` needs (everything when `None`).
pub async fn gather_for(client: &GraphClient, step: Option<StepId>) -> Result<Inventory> {
    let parts: Vec<_> = parts()
        .into_iter()
        .filter(|(id, _, _)| needed(step, id))
        .collect();
    let items = parts
        .iter()
        .map(|(id, path, _)| BatchItem::get(*id, path.clone()))
        .collect();
    let outcomes = client.batch(items, |_| {}).await?;
    let mut answers = Answers {
        client,
        requested: parts.iter().map(|p| p.0).collect(),
        outcomes,
        required: parts.iter().filter(|p| p.2).map(|p| p.0).collect(),
        unreadable: Vec::new(),
    };
    let organization = answers
        .list::<Organization>("organization")
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| Error::new(ErrorCode::MalformedResponse, "no organization returned"))?;
    let mut me: User = answers
        .object("me")?
        .ok_or_else(|| Error::internal("me is required"))?;
    // The one id every safety rule compares against: refuse the inventory rather than guess.
    me.id = super::ids::guid(&me.id).ok_or_else(|| {
        Error::new(
            ErrorCode::MalformedResponse,
            "the signed-in person's id is not a GUID",
        )
    })?;
    let my_roles: Vec<DirectoryObject> = answers.list("myRoles").await?;
    let mut global_admins: Vec<User> = answers.list("globalAdmins").await?;
    if global_admins.is_empty() && is_global_admin(&my_roles) {
        global_admins.push(me.clone());
    }
    let users: Vec<User> = answers.list("users").await?;
    let mailbox_purposes = match step {
        None | Some(StepId::Users) => mailbox_purposes(client, &users).await?,
        Some(_) => Vec::new(),
    };
    let mut inventory = Inventory {
        organization,
        me,
        my_roles: my_roles.into_iter().filter(is_role).collect(),
        global_admins,
        users,
        deleted_users: answers.list("deletedUsers").await?,
        domains: answers.list("domains").await?,
        skus: answers.list_of("skus").await?,
        // Ids Microsoft documents only as "unique ID" and Closeout never puts in a path.
        subscriptions: answers.list_of("subscriptions").await?,
        security_defaults: answers.object("securityDefaults")?,
        conditional_access: answers.list("conditionalAccess").await?,
        applications: answers.list("applications").await?,
        service_principals: answers.list("servicePrincipals").await?,
        groups: answers.list("groups").await?,
        unreadable: answers.unreadable,
        mailbox_purposes,
        domain_references: Vec::new(),
    };
    if step == Some(StepId::Domains) {
        inventory.domain_references = domain_references(client, &inventory).await?;
    }
    Ok(inventory)
}

/// `userPurpose` of the accounts that cannot sign in (shared, room and equipment mailboxes
/// are such accounts), in one `$batch` per 20. An account Microsoft does not answer for (no
/// mailbox, or no access to it) simply has no purpose: it is labelled by what Graph shows.
/// `domainNameReferences` for every custom domain (one request each, paged): the Domains
/// step's own reads, so that the checks' inventory stays within its request budget.
async fn domain_references(client: &GraphClient, inv: &Inventory) -> Result<Vec<DomainReferences>> {
    let mut all = Vec::new();
    for domain in inv.custom_domains() {
        let path = format!(
            "/v1.0/domains/{}/domainNameReferences",
            super::ids::segment(&domain.id)
        );
        all.push(DomainReferences {
            domain: domain.id.clone(),
            objects: client.get_all(&path).await?,
        });
    }
    Ok(all)
}

impl Inventory {
    /// Whether a product still licenses conditional access. Microsoft: when those licenses
    /// expire, policies "aren't automatically disabled or deleted", and "you can view and
    /// delete remaining policies, but you can't update them" (Entra, Conditional Access
    /// overview, License requirements).
    pub fn conditional_access_licensed(&self) -> bool {
        self.skus.iter().any(|s| s.licenses_conditional_access())
    }

    /// The groups `domainNameReferences` names (none when it was not read).
    pub fn referenced_groups(&self) -> impl Iterator<Item = &DirectoryObject> {
        self.domain_references
            .iter()
            .flat_map(|r| r.objects.iter())
            .filter(|o| o.odata_type.as_deref() == Some("#microsoft.graph.group"))
    }
}

async fn mailbox_purposes(client: &GraphClient, users: &[User]) -> Result<Vec<MailboxPurpose>> {
    let candidates: Vec<&User> = users
        .iter()
        .filter(|u| u.account_enabled == Some(false) && !u.is_guest())
        .collect();
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let items = candidates
        .iter()
        .map(|u| {
            let path = format!(
                "/v1.0/users/{}/mailboxSettings/userPurpose",
                super::ids::segment(&u.id)
            );
            BatchItem::get(u.id.clone(), path)
        })
        .collect();
    let outcomes = client.batch(items, |_| {}).await?;
    Ok(outcomes
        .into_iter()
        .filter(|o| o.error.is_none())
        .filter_map(|o| {
            let purpose = o.body.get("value")?.as_str()?.to_string();
            Some(MailboxPurpose {
                user_id: o.id,
                purpose,
            })
        })
        .collect())
}

fn is_role(object: &DirectoryObject) -> bool {
    object.role_template_id.is_some()
        || object.odata_type.as_deref() == Some("#microsoft.graph.directoryRole")
}

fn is_global_admin(roles: &[DirectoryObject]) -> bool {
    roles
        .iter()
        .any(|r| r.role_template_id.as_deref() == Some(GLOBAL_ADMIN_ROLE))
}

impl Inventory {
    pub fn tenant_id(&self) -> &str {
        &self.organization.id
    }

    pub fn org_name(&self) -> &str {
        &self.organization.display_name
    }

    pub fn is_global_admin(&self) -> bool {
        is_global_admin(&self.my_roles)
    }

    /// Everyone but you.
    pub fn other_users(&self) -> impl Iterator<Item = &User> {
        self.users
            .iter()
            .filter(move |u| !same_id(&u.id, &self.me.id))
    }

    /// The `.onmicrosoft.com` domain every tenant keeps to the end.
    pub fn initial_domain(&self) -> Option<&str> {
        self.domains
            .iter()
            .find(|d| d.is_initial)
            .map(|d| d.id.as_str())
            .or_else(|| {
                self.organization
                    .verified_domains
                    .iter()
                    .find(|d| d.is_initial)
                    .map(|d| d.name.as_str())
            })
    }

    /// Domains the owner added (everything but the initial `.onmicrosoft.com` one).
    pub fn custom_domains(&self) -> impl Iterator<Item = &Domain> {
        self.domains.iter().filter(|d| !d.is_initial)
    }

    /// The subscriptions steps 2 and 3 cancel and delete: all but the self-service sign-up
    /// products, which are deleted in Entra instead (`checks::self_service`).
    pub fn paid_subscriptions(&self) -> impl Iterator<Item = &CompanySubscription> {
        self.subscriptions
            .iter()
            .filter(|s| !s.is_self_service_sign_up())
    }

    /// The purpose of a user's mailbox (`shared`, `room`...) when Closeout read it.
    pub fn mailbox_purpose(&self, user_id: &str) -> Option<&str> {
        self.mailbox_purposes
            .iter()
            .find(|m| same_id(&m.user_id, user_id))
            .map(|m| m.purpose.as_str())
    }

    /// Groups with an address on one of the custom domains.
    pub fn groups_on_custom_domains(&self) -> impl Iterator<Item = &Group> {
        self.groups
            .iter()
            .filter(move |g| self.custom_domains().any(|d| g.uses_domain(&d.id)))
    }

    /// Whether directory synchronization from on-premises is on.
    pub fn sync_enabled(&self) -> bool {
        self.organization.on_premises_sync_enabled == Some(true)
    }
}
