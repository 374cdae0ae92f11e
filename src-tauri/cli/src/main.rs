//! `closeout-cli`: a headless face over Closeout's core, for IT professionals and scripts.
//! It does nothing the core does not: it parses options, opens a [`Session`], calls one
//! façade method, prints the answer (text or `--json`), and turns it into an exit code.

mod args;
mod azure;
mod backup;
mod connect;
mod mail;
mod render;
mod signin;

use closeout_core::backup::Checklist;
use closeout_core::closure::{CancelToken, Session, StepId, StepOptions, StepState};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use time::OffsetDateTime;

use args::{help_text, Command, Options};

/// Exit codes: what a script needs to know.
const DONE: u8 = 0;
const ERROR: u8 = 1;
const TO_DO: u8 = 2;
const WAITING: u8 = 3;
const BLOCKED: u8 = 4;
/// A part the step depends on could not be read: not done, not known to be to do.
const UNKNOWN: u8 = 5;
const USAGE_ERROR: u8 = 64;

fn exit_for(state: StepState) -> u8 {
    match state {
        StepState::Done => DONE,
        StepState::ToDo => TO_DO,
        StepState::Waiting => WAITING,
        StepState::Blocked => BLOCKED,
        StepState::Unknown => UNKNOWN,
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env(
            closeout_core::LOG_FILTER_ENV,
        ))
        .with_writer(std::io::stderr)
        .init();
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let (options, command) = match args::parse(&raw) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("error: {}\n\n{}", e.message, help_text());
            return ExitCode::from(USAGE_ERROR);
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(&options, command)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if options.json {
                println!("{}", serde_json::json!({ "error": e }));
            } else {
                eprintln!("error: {e}");
            }
            ExitCode::from(ERROR)
        }
    }
}

async fn run(options: &Options, command: Command) -> Result<u8> {
    match command {
        Command::Help => {
            println!("{}", help_text());
            return Ok(DONE);
        }
        Command::Sim { scenario, port } => return serve_sim(&scenario, port).await,
        Command::MailCheck { domain, dns } => {
            let (checks, code) = mail::run(options, domain, dns).await?;
            print(options, &checks, || mail::render(&checks));
            return Ok(code);
        }
        Command::SignOut => {
            let forgotten = signin::sign_out(&connect::data_dir(options)?).await?;
            print(
                options,
                &serde_json::json!({ "forgotten": forgotten }),
                || match &forgotten {
                    Some(tenant) => {
                        format!("Signed out; the sign-in to {tenant} is forgotten on this computer")
                    }
                    None => "Nobody was signed in".to_owned(),
                },
            );
            return Ok(DONE);
        }
        Command::SignIn { device_code } => {
            let identity =
                signin::interactive(options, &connect::data_dir(options)?, device_code).await?;
            print(options, &identity, || {
                format!(
                    "Signed in as {} to {} (tenant {}){}",
                    identity.user_principal_name,
                    identity.organization_name.clone().unwrap_or_default(),
                    identity.tenant_id,
                    if identity.is_global_admin {
                        ""
                    } else {
                        ": not a Global Administrator"
                    }
                )
            });
            return Ok(if identity.is_global_admin {
                DONE
            } else {
                BLOCKED
            });
        }
        Command::Backup(ref b) if b.is_offline() => {
            return backup::offline(b, &connect::data_dir(options)?, options.json);
        }
        _ => {}
    }
    let mut connected = connect::connect(options).await?;
    let arm = match command {
        // Practice mode checked Azure when it connected (see `practice::check_azure`).
        Command::CheckAzure { .. } if connected.sim.is_none() => {
            Some(azure::client(options, &connected).await?)
        }
        _ => None,
    };
    let session = &mut connected.session;
    let code = match command {
        Command::Status => status(session, options).await?,
        Command::Checks => {
            let findings = session.checks().await?;
            print(options, &findings, || {
                findings
                    .iter()
                    .map(render::finding)
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            let blocked = findings.iter().any(|f| {
                f.step.is_none() && f.severity == closeout_core::closure::Severity::Blocker
            });
            if blocked {
                BLOCKED
            } else {
                DONE
            }
        }
        Command::CheckAzure { elevate } => {
            let findings = match arm {
                Some(arm) => session.check_azure(&arm, elevate).await?,
                None => session.checks().await?,
            };
            let azure: Vec<_> = findings
                .iter()
                .filter(|f| closeout_core::azure::findings::is_azure(f.code))
                .collect();
            print(options, &azure, || {
                if azure.is_empty() {
                    "No Azure subscription blocks the closure.".to_string()
                } else {
                    azure
                        .iter()
                        .map(|f| render::finding(f))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            });
            if azure
                .iter()
                .any(|f| f.severity == closeout_core::closure::Severity::Blocker)
            {
                TO_DO
            } else {
                DONE
            }
        }
        Command::Plan { step } => {
            let steps = step.map_or(StepId::ALL.to_vec(), |s| vec![s]);
            let mut plans = Vec::new();
            for step in steps {
                plans.push(session.plan(step, &StepOptions::default()).await?);
            }
            // Cautions name the account to sign in with as it is now (after Domains it is
            // on the initial domain), so ask Microsoft rather than the journal.
            let cautions = plans
                .iter()
                .any(|p| p.portal.as_ref().is_some_and(|g| !g.cautions.is_empty()));
            let account = if cautions {
                let me: closeout_core::closure::model::User = session
                    .client()
                    .get("/v1.0/me?$select=id,userPrincipalName")
                    .await?;
                me.user_principal_name
            } else {
                String::new()
            };
            print(options, &plans, || {
                plans
                    .iter()
                    .map(|plan| render::plan(plan, &account))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
            DONE
        }
        Command::Run {
            step,
            confirm,
            options: step_options,
        } => run_step(session, options, step, confirm, step_options).await?,
        Command::BackupDone { confirm } => {
            let typed = confirmation(session, confirm)?;
            let mut checklist: Checklist = session.journal().backup.clone();
            let by = session.journal().admin_upn.clone();
            checklist.override_lock(&typed, session.org_name(), &by, OffsetDateTime::now_utc())?;
            session.set_backup(checklist)?;
            print(options, &session.journal().backup, || {
                "Backup checklist settled.".to_string()
            });
            DONE
        }
        Command::Report => {
            let record = session.journal();
            let report = closeout_core::backup::report::ClosureReport::from_journal(
                record,
                OffsetDateTime::now_utc(),
            )
            .with_mail_dns(closeout_core::mail_handover::load_checks(
                session.data_dir(),
                session.tenant_id(),
            ));
            if options.json {
                println!("{}", report.to_json());
            } else {
                print!("{}", render::report(record));
            }
            DONE
        }
        Command::Backup(b) => match b {
            backup::BackupCommand::Start { to } => {
                let data_dir = connect::data_dir(options)?;
                backup::start(session.client(), &data_dir, &to, options.json).await?
            }
            other => backup::offline(&other, &connect::data_dir(options)?, options.json)?,
        },
        Command::Help
        | Command::Sim { .. }
        | Command::SignIn { .. }
        | Command::SignOut
        | Command::MailCheck { .. } => DONE,
    };
    if let Some(sim) = connected.sim.take() {
        sim.shutdown().await;
    }
    Ok(code)
}

async fn status(session: &mut Session, options: &Options) -> Result<u8> {
    let steps = session.status().await?;
    let timeline = session.timeline(OffsetDateTime::now_utc());
    #[derive(Serialize)]
    struct Status<'a> {
        steps: &'a [closeout_core::closure::Verification],
        timeline: &'a closeout_core::journal::Timeline,
    }
    print(
        options,
        &Status {
            steps: &steps,
            timeline: &timeline,
        },
        || {
            let lines: Vec<String> = steps.iter().map(render::verification).collect();
            format!(
                "{}\n\nNext:\n{}",
                lines.join("\n"),
                render::timeline(&timeline)
            )
        },
    );
    let first_open = steps.iter().find(|v| v.state != StepState::Done);
    Ok(first_open.map_or(DONE, |v| exit_for(v.state)))
}

async fn run_step(
    session: &mut Session,
    options: &Options,
    step: StepId,
    confirm: Option<String>,
    step_options: StepOptions,
) -> Result<u8> {
    let typed = if step.is_destructive() {
        Some(confirmation(session, confirm)?)
    } else {
        None
    };
    let cancel = CancelToken::default();
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.cancel();
        }
    });
    let json = options.json;
    let applied = session
        .apply(
            step,
            &step_options,
            typed.as_deref(),
            |p| {
                if !json {
                    eprintln!("{}/{} {}", p.done, p.total, p.last.unwrap_or_default());
                }
            },
            &cancel,
        )
        .await?;
    print(options, &applied, || render::applied(&applied));
    if applied.report.cancelled {
        return Err(Error::new(
            ErrorCode::Cancelled,
            "stopped; run the step again to go on",
        ));
    }
    Ok(exit_for(applied.verification.state))
}

/// `--confirm NAME`, or asked on the terminal.
fn confirmation(session: &Session, given: Option<String>) -> Result<String> {
    if let Some(typed) = given {
        return Ok(typed);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::new(
            ErrorCode::ConfirmationRequired,
            format!("add --confirm \"{}\" to confirm", session.org_name()),
        ));
    }
    eprint!(
        "Type the organization's name ({}) to confirm: ",
        session.org_name()
    );
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::io("could not read the confirmation", &e))?;
    Ok(line.trim().to_string())
}

fn print<T: Serialize>(options: &Options, value: &T, text: impl FnOnce() -> String) {
    if options.json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).unwrap_or_default()
        );
    } else {
        println!("{}", text());
    }
}

async fn serve_sim(scenario: &str, port: u16) -> Result<u8> {
    let options = closeout_sim::SimOptions {
        port,
        ..closeout_sim::SimOptions::scenario(scenario)
    };
    let sim = closeout_sim::Sim::start(options)
        .await
        .map_err(|e| Error::new(ErrorCode::Config, e))?;
    println!("practice tenant '{scenario}' running");
    println!("  Graph:     {}", sim.base_url());
    println!("  Authority: {}", sim.authority());
    println!("  Portal:    {}", sim.portal_url());
    println!("  Client id: {}", sim.client_id());
    println!("  Tenant id: {}", sim.tenant_id());
    println!("  Sign in as {}", sim.admin_upn());
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    Ok(DONE)
}
