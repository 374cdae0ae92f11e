//! The portal-only steps as small web pages: the practice Microsoft 365 admin center
//! ("Your products": cancel, delete) and the practice Entra admin center ("Manage tenants").

use crate::app::Shared;
use axum::Router;

pub fn routes() -> Router<Shared> {
    Router::new()
}
