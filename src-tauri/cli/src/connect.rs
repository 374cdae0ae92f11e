//! From the command line's options to an open [`Session`]: which Graph, which token, which
//! data folder, which portal pages. Practice mode starts the practice tenant in-process.

use closeout_core::clock::Clock;
use closeout_core::closure::{Chunking, PortalLinks, Session, SessionConfig};
use closeout_core::graph::{GraphClient, GraphOptions, Secret, StaticToken};
use closeout_core::{Error, ErrorCode, Result};
use closeout_sim::Sim;
use std::path::PathBuf;
use std::sync::Arc;

use crate::args::Options;
use crate::signin;
use closeout_cli::practice;

/// An open session, and the practice tenant behind it when there is one (kept alive).
pub struct Connected {
    pub session: Session,
    pub sim: Option<Sim>,
    /// The sign-in behind the session (none with `CLOSEOUT_ACCESS_TOKEN`), for `check-azure`.
    pub signed_in: Option<(
        closeout_core::auth::Session,
        closeout_core::auth::AuthConfig,
    )>,
}

pub async fn connect(options: &Options) -> Result<Connected> {
    let data_dir = data_dir(options)?;
    if let Some(scenario) = &options.practice {
        let sim = practice::start(scenario).await?;
        let signed_in =
            practice::sign_in(&sim.authority(), sim.client_id(), sim.base_url()).await?;
        // A practice tenant lives as long as this process: so does its journal.
        let practice_dir = data_dir.join("practice");
        let _ = std::fs::remove_dir_all(practice_dir.join("tenants").join(sim.tenant_id()));
        let config = practice::session_config(&sim, practice_dir, chunking(options));
        let client = signed_in.graph_with(graph_options(options))?;
        let mut session = Session::open(client, config, Some(sim.tenant_id()))
            .await?
            .reuse_opening_read();
        practice::check_azure(&sim, &signed_in, &mut session).await?;
        return Ok(Connected {
            session,
            sim: Some(sim),
            signed_in: None,
        });
    }
    let auth = signin::config(options)?;
    let portal = if auth.graph_base_url == closeout_core::auth::MICROSOFT_GRAPH {
        PortalLinks::microsoft()
    } else {
        PortalLinks::practice(&format!("{}/portal", auth.graph_base_url))
    };
    let config = SessionConfig {
        data_dir: data_dir.clone(),
        own_app_id: auth.client_id.clone(),
        portal,
        chunking: chunking(options),
        authority: signin::authority(options),
        clock: Clock::system(),
    };
    // A token for scripts; otherwise the sign-in saved by `sign-in`.
    let mut signed_in_now = None;
    let (client, tenant) = match env("CLOSEOUT_ACCESS_TOKEN") {
        Some(token) => {
            // A bare token pins nothing by itself: the organization it may act on is named.
            if env("CLOSEOUT_TENANT_ID").is_none() {
                return Err(Error::new(
                    ErrorCode::Config,
                    "CLOSEOUT_ACCESS_TOKEN needs CLOSEOUT_TENANT_ID: the id of the organization \
                     the token may act on",
                ));
            }
            let tokens = Arc::new(StaticToken(Secret::new(token)));
            (
                GraphClient::with_options(&auth.graph_base_url, tokens, graph_options(options))?,
                env("CLOSEOUT_TENANT_ID"),
            )
        }
        None => {
            let (signed_in, tenant) = signin::resume(options, &data_dir).await?;
            let client = signed_in.graph_with(graph_options(options))?;
            signed_in_now = Some((signed_in, auth));
            (client, Some(tenant))
        }
    };
    // One command per process: the inventory `open` read serves the command too.
    let session = Session::open(client, config, tenant.as_deref())
        .await?
        .reuse_opening_read();
    Ok(Connected {
        session,
        sim: None,
        signed_in: signed_in_now,
    })
}

/// Microsoft's defaults, with `--timeout` as the time limit of one answer.
fn graph_options(options: &Options) -> GraphOptions {
    let mut graph = GraphOptions::default();
    if let Some(timeout) = options.timeout {
        graph.retry.request_timeout = timeout;
    }
    graph
}

/// `--batch-size N`: actions per journaled chunk (default 100, 5 `$batch` calls at once).
fn chunking(options: &Options) -> Chunking {
    match options.batch_size {
        Some(chunk) => Chunking {
            chunk,
            parallel: chunk.div_ceil(20).clamp(1, 5),
        },
        None => Chunking::default(),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `--data-dir`, `CLOSEOUT_DATA_DIR`, or the OS's app-data folder; made owner-only (0700 on
/// Unix) if it is not yet: the journals under it name every person deleted.
pub fn data_dir(options: &Options) -> Result<PathBuf> {
    let dir = chosen_data_dir(options)?;
    closeout_core::fsio::private_dir(&dir).map_err(|e| Error::io("the data folder", &e))?;
    Ok(dir)
}

fn chosen_data_dir(options: &Options) -> Result<PathBuf> {
    if let Some(dir) = options
        .data_dir
        .clone()
        .or_else(|| env("CLOSEOUT_DATA_DIR").map(PathBuf::from))
    {
        return Ok(dir);
    }
    let os_default = if cfg!(windows) {
        env("APPDATA").map(|d| PathBuf::from(d).join("Closeout"))
    } else if cfg!(target_os = "macos") {
        env("HOME").map(|h| PathBuf::from(h).join("Library/Application Support/Closeout"))
    } else {
        env("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .map(|d| d.join("closeout"))
    };
    os_default.ok_or_else(|| Error::new(ErrorCode::Config, "no data folder: set --data-dir"))
}
